/// A switch without a value (`--json`), declared once; ``ParsedValues`` reports whether it was given.
public struct Flag: OptionDeclaration {
    /// The name as typed, with its dashes, e.g. `--json`.
    public let name: String
    /// The help text; lines after the first are indented under it.
    public let help: String

    /// Declares a flag.
    public init(name: String, help: String) {
        precondition(name.hasPrefix("-") && !name.contains("="), "a flag name starts with a dash and has no '='")
        self.name = name
        self.help = help
    }

    /// Always `nil`: a flag takes no value.
    public var valueName: String? { nil }
    /// Always `false`: a flag is optional.
    public var isRequired: Bool { false }
    /// Always `nil`: absent means off.
    public var defaultDescription: String? { nil }

    /// Never called by the parser (a flag has no value); rejects any text.
    public func parseValue(_ text: String) throws(CommandLineError) -> any Sendable {
        throw .unexpectedValue(flag: name)
    }
}
