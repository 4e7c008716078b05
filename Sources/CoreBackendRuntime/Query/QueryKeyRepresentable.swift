/// A value that can appear in a ``QueryKey`` (strings, numbers, booleans, arrays, generated enums).
public protocol QueryKeyRepresentable: Sendable {
    /// The value as a key element.
    var queryKeyValue: QueryKeyValue { get }
}

extension String: QueryKeyRepresentable {
    /// The string as a key element.
    public var queryKeyValue: QueryKeyValue { .string(self) }
}

extension Int: QueryKeyRepresentable {
    /// The integer as a number element.
    public var queryKeyValue: QueryKeyValue { .number(Double(self)) }
}

extension Double: QueryKeyRepresentable {
    /// The number element.
    public var queryKeyValue: QueryKeyValue { .number(self) }
}

extension Bool: QueryKeyRepresentable {
    /// The boolean element.
    public var queryKeyValue: QueryKeyValue { .bool(self) }
}

extension Array: QueryKeyRepresentable where Element: QueryKeyRepresentable {
    /// The array element, in the array's order.
    public var queryKeyValue: QueryKeyValue { .array(map(\.queryKeyValue)) }
}

extension QueryKeyRepresentable where Self: RawRepresentable, RawValue == String {
    /// A string-backed enum is keyed by its raw value.
    public var queryKeyValue: QueryKeyValue { .string(rawValue) }
}

extension Array where Element: QueryKeyRepresentable & QueryParameterRepresentable {
    /// A copy sorted as JavaScript's default `sort()` does: by string form, UTF-16 code unit order.
    ///
    /// So `[56, 137, 1]` becomes `[1, 137, 56]` and `"0xAAA"` sorts before `"0xaaa"`.
    package func sortedForQueryKey() -> QueryKeyValue {
        // Sorted in place: two arrays per key, not three.
        var pairs = map { (form: $0.queryParameterString, value: $0.queryKeyValue) }
        pairs.sort { javaScriptPrecedes($0.form, $1.form) }
        return .array(pairs.map(\.value))
    }
}

extension Array where Element == String {
    /// ``sortedForQueryKey()`` for strings (ids, addresses), with one array per key instead of two.
    package func sortedForQueryKey() -> QueryKeyValue {
        var values = map(QueryKeyValue.string)
        values.sort { left, right in
            guard case .string(let left) = left, case .string(let right) = right else { return false }
            return javaScriptPrecedes(left, right)
        }
        return .array(values)
    }
}

/// JavaScript's default sort order: UTF-16 code units. For ASCII strings (O(1) to tell) that is Swift's
/// own order, which compares them as bytes.
@inline(__always)
func javaScriptPrecedes(_ left: String, _ right: String) -> Bool {
    if left.utf8.count == left.utf16.count && right.utf8.count == right.utf16.count { return left < right }
    return left.utf16.lexicographicallyPrecedes(right.utf16)
}
