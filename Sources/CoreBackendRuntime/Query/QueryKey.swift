/// The identity of a cache entry: a JSON-like array such as `["accounts", "v1SupportedNetworks"]`.
///
/// Two keys name the same entry when their canonical hashes are equal (TanStack Query semantics:
/// object member order is irrelevant, numbers compare by value). Filters used by invalidation,
/// `isFetching` and reset match every key that starts with them, element by element, with partial
/// object matching (see ``QueryKeyValue/partiallyMatches(_:)``).
public struct QueryKey: Sendable, Hashable, ExpressibleByArrayLiteral, CustomStringConvertible {
    /// The elements, domain first (`"accounts"`, `"prices"`, `"token"`, `"tokens"`, `"auth"`).
    public var elements: [QueryKeyValue]

    /// Creates a key from its elements.
    public init(_ elements: [QueryKeyValue]) { self.elements = elements }

    /// Creates a key from an array literal.
    public init(arrayLiteral elements: QueryKeyValue...) { self.elements = elements }

    /// Whether this key starts with `filter`, comparing elements with partial deep equality.
    public func matches(prefix filter: QueryKey) -> Bool {
        guard filter.elements.count <= elements.count else { return false }
        for (expected, actual) in zip(filter.elements, elements) where !expected.partiallyMatches(actual) {
            return false
        }
        return true
    }

    /// The canonical JSON serialisation, identical to TanStack Query's `hashKey` output.
    public var hash: String {
        var output = ""
        QueryKeyValue.array(elements).appendCanonicalJSON(to: &output)
        return output
    }

    /// The canonical hash, for logs and tests.
    public var description: String { hash }
}
