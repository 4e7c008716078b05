/// Turns an option's text into a typed value, or says why it cannot.
///
/// The reason becomes part of ``CommandLineError/invalidValue(option:value:reason:)``, so it reads after
/// "invalid value 'x' for --count: ", e.g. "expected a positive integer".
///
///     let port = Option(name: "--port", valueName: "N", help: "Port to listen on.",
///                       parser: .integer(in: 0...65_535), default: 0)
public struct ValueParser<Value: Sendable>: Sendable {
    /// Thrown from a parser's closure: why the text is not a valid value.
    public struct Rejection: Error, Sendable {
        /// Reads after "invalid value 'x' for --option: ".
        public let reason: String

        /// A rejection with `reason`.
        public init(_ reason: String) { self.reason = reason }
    }

    private let body: @Sendable (String) throws(Rejection) -> Value

    /// A parser from a closure that throws ``Rejection`` for bad text.
    public init(_ body: @escaping @Sendable (String) throws(Rejection) -> Value) {
        self.body = body
    }

    /// The value for `text`.
    public func parse(_ text: String) throws(Rejection) -> Value {
        try body(text)
    }

    /// This parser's value transformed by `transform` (which cannot fail).
    public func map<Other: Sendable>(_ transform: @escaping @Sendable (Value) -> Other) -> ValueParser<Other> {
        ValueParser<Other> { (text: String) throws(ValueParser<Other>.Rejection) -> Other in
            let value: Value
            do throws(Rejection) {
                value = try self.parse(text)
            } catch {
                throw ValueParser<Other>.Rejection(error.reason)
            }
            return transform(value)
        }
    }

    /// This parser followed by `check`, which throws ``Rejection`` for values it does not accept.
    public func validated(_ check: @escaping @Sendable (Value) throws(Rejection) -> Void) -> ValueParser<Value> {
        ValueParser { (text: String) throws(Rejection) -> Value in
            let value = try self.parse(text)
            try check(value)
            return value
        }
    }
}

extension ValueParser where Value == String {
    /// Any text, including the empty string.
    public static var string: ValueParser<String> { ValueParser { $0 } }

    /// One of `choices`, exactly as written.
    public static func oneOf(_ choices: [String]) -> ValueParser<String> {
        ValueParser { (text: String) throws(Rejection) -> String in
            guard choices.contains(text) else { throw Rejection("expected one of \(choices.joined(separator: ", "))") }
            return text
        }
    }
}

extension ValueParser where Value == Int {
    /// A decimal integer within `range`.
    public static func integer(in range: ClosedRange<Int> = Int.min...Int.max) -> ValueParser<Int> {
        ValueParser { (text: String) throws(Rejection) -> Int in
            guard let value = Int(text), range.contains(value) else { throw Rejection("expected \(describe(range))") }
            return value
        }
    }

    private static func describe(_ range: ClosedRange<Int>) -> String {
        switch (range.lowerBound, range.upperBound) {
        case (Int.min, Int.max): "an integer"
        case (0, Int.max): "a non-negative integer"
        case (1, Int.max): "a positive integer"
        case (let low, Int.max): "an integer of at least \(low)"
        case (let low, let high): "an integer from \(low) to \(high)"
        }
    }
}

extension ValueParser where Value == Double {
    /// A finite decimal number within `range`.
    public static func number(in range: ClosedRange<Double>) -> ValueParser<Double> {
        ValueParser { (text: String) throws(Rejection) -> Double in
            guard let value = Double(text), value.isFinite, range.contains(value) else {
                let upper = range.upperBound.isFinite ? " and at most \(range.upperBound.formatted)" : ""
                throw Rejection("expected a number of at least \(range.lowerBound.formatted)\(upper)")
            }
            return value
        }
    }
}

extension Double {
    /// `600` rather than `600.0` for whole numbers.
    fileprivate var formatted: String {
        rounded() == self && abs(self) < 1e15 ? String(Int(self)) : String(self)
    }
}
