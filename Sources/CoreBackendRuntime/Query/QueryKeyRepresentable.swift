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
        pairs.sort { $0.form.utf16.lexicographicallyPrecedes($1.form.utf16) }
        return .array(pairs.map(\.value))
    }
}
