/// A positional argument, e.g. `<api>`, declared once with its help and validation.
public struct Argument: Sendable {
    /// How many times the argument may appear.
    public enum Arity: Sendable {
        /// Exactly once.
        case required
        /// At most once.
        case optional
        /// Any number of times (only as the last argument).
        case repeating
    }

    /// The name shown in help and errors, e.g. `<api>` or `name=value`.
    public let name: String
    /// The help text; lines after the first are indented under it.
    public let help: String
    /// How many times it may appear.
    public let arity: Arity
    /// Checks each value; a rejection names the argument.
    public let parser: ValueParser<String>

    /// Declares a positional argument.
    public init(name: String, help: String, arity: Arity = .required, parser: ValueParser<String> = .string) {
        self.name = name
        self.help = help
        self.arity = arity
        self.parser = parser
    }

    /// How it reads in the usage line: `<api>`, `[<api>]` or `[name=value ...]`.
    var usage: String {
        switch arity {
        case .required: name
        case .optional: "[\(name)]"
        case .repeating: "[\(name) ...]"
        }
    }
}
