/// A value that can be sent as a query parameter, formatted as the upstream JavaScript client does.
public protocol QueryParameterRepresentable: Sendable {
    /// The unencoded wire form (`true`, `1704067200`, `0.5`, `eip155:1`).
    var queryParameterString: String { get }
}

extension String: QueryParameterRepresentable {
    /// The string itself.
    public var queryParameterString: String { self }
}

extension Int: QueryParameterRepresentable {
    /// The decimal digits.
    public var queryParameterString: String { String(self) }
}

extension Double: QueryParameterRepresentable {
    /// JavaScript number formatting (`1704067200`, never `1704067200.0`).
    public var queryParameterString: String { JSNumber.string(self) }
}

extension Bool: QueryParameterRepresentable {
    /// `true` or `false`; `false` is sent, never omitted.
    public var queryParameterString: String { self ? "true" : "false" }
}

extension Array: QueryParameterRepresentable where Element: QueryParameterRepresentable {
    /// Elements joined by `,` into one parameter; an empty array is the empty string.
    public var queryParameterString: String { map(\.queryParameterString).joined(separator: ",") }
}

extension QueryParameterRepresentable where Self: RawRepresentable, RawValue == String {
    /// A string-backed enum is sent as its raw value.
    public var queryParameterString: String { rawValue }
}
