/// The result of parsing a command line: typed option values, flags and positional arguments.
///
/// Read a value with the declaration it was parsed by: `values[Self.count]`.
public struct ParsedValues: Sendable {
    /// The positional arguments, in order (each already checked by its ``Argument``'s parser).
    public let positional: [String]
    private let options: [String: any Sendable]

    init(positional: [String], options: [String: any Sendable]) {
        self.positional = positional
        self.options = options
    }

    /// The option's value, or its default when absent (`nil` when absent without a default).
    public subscript<Value>(option: Option<Value>) -> Value? {
        (options[option.name] as? Value) ?? option.defaultValue
    }

    /// Whether the flag was given.
    public subscript(flag: Flag) -> Bool {
        options[flag.name] != nil
    }

    /// The value of an option that is required or has a default; ``CommandLineError/missingOption(_:)`` otherwise.
    public func value<Value>(_ option: Option<Value>) throws(CommandLineError) -> Value {
        guard let value = self[option] else { throw .missingOption(option.name) }
        return value
    }

    /// Whether the option or flag named `name` was given on the command line (defaults do not count).
    public func contains(_ name: String) -> Bool {
        options[name] != nil
    }
}
