/// An option that takes a value (`--count 10` or `--count=10`), declared once: the parser, the validation
/// and the help text all come from this value.
///
///     static let count = Option(
///         name: "--count", valueName: "N", help: "Exit 0 after N events.", parser: .integer(in: 1...Int.max))
///     …
///     let count = values[count]  // Int?
public struct Option<Value: Sendable>: OptionDeclaration {
    /// The name as typed, with its dashes, e.g. `--count`.
    public let name: String
    /// The placeholder for the value in help, e.g. `N`.
    public let placeholder: String
    /// The help text; lines after the first are indented under it.
    public let help: String
    /// Turns the text into a value or rejects it.
    public let parser: ValueParser<Value>
    /// The value when the option is absent, if any.
    public let defaultValue: Value?
    /// Whether the command line must contain the option.
    public let isRequired: Bool
    /// A secret (a token): its value is never quoted in an error.
    public let isSecret: Bool
    /// How help shows the default value, when its description does not read well (e.g. `600` for `600.0`).
    private let defaultText: String?

    /// Declares an option. A `defaultValue` is shown in help and returned by ``ParsedValues`` when the option
    /// is absent (shown in help as `defaultText`, or else as its description); `isRequired` makes its absence
    /// an error; `isSecret` keeps the value out of errors.
    public init(
        name: String, valueName: String, help: String, parser: ValueParser<Value>, default defaultValue: Value? = nil,
        defaultText: String? = nil, isRequired: Bool = false, isSecret: Bool = false
    ) {
        precondition(name.hasPrefix("-") && !name.contains("="), "an option name starts with a dash and has no '='")
        self.name = name
        self.placeholder = valueName
        self.help = help
        self.parser = parser
        self.defaultValue = defaultValue
        self.isRequired = isRequired
        self.isSecret = isSecret
        self.defaultText = defaultText
    }

    /// The placeholder shown after the name in help.
    public var valueName: String? { placeholder }

    /// `(default: …)` when there is a default value.
    public var defaultDescription: String? {
        guard let defaultValue else { return nil }
        return "(default: \(defaultText ?? "\(defaultValue)"))"
    }

    /// The typed value for `text`, or ``CommandLineError/invalidValue(option:value:reason:)``.
    public func parseValue(_ text: String) throws(CommandLineError) -> any Sendable {
        do {
            return try parser.parse(text)
        } catch {
            throw .invalidValue(option: name, value: isSecret ? nil : text, reason: error.reason)
        }
    }
}
