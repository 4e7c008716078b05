extension Int32: QueryParameterRepresentable, QueryKeyRepresentable {
    /// The decimal digits.
    public var queryParameterString: String { String(self) }
    /// The integer as a number element.
    public var queryKeyValue: QueryKeyValue { .number(Double(self)) }
}

extension Int64: QueryParameterRepresentable, QueryKeyRepresentable {
    /// The decimal digits.
    public var queryParameterString: String { String(self) }
    /// The integer as a number element (exact up to 2^53, as in JavaScript).
    public var queryKeyValue: QueryKeyValue { .number(Double(self)) }
}
