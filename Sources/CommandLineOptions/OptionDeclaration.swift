/// What the parser and the help text need to know about an ``Option`` or a ``Flag``, whatever its value type.
public protocol OptionDeclaration: Sendable {
    /// The name as typed, with its dashes, e.g. `--count`.
    var name: String { get }
    /// The placeholder shown after the name in help (`N` in `--count N`); `nil` for a flag, which takes no value.
    var valueName: String? { get }
    /// The help text; lines after the first are indented under it.
    var help: String { get }
    /// Whether the command line must contain the option.
    var isRequired: Bool { get }
    /// The text appended to the help, e.g. `(default: 0)`; `nil` for none.
    var defaultDescription: String? { get }
    /// The typed value for `text`, or why it is invalid (naming the option).
    func parseValue(_ text: String) throws(CommandLineError) -> any Sendable
}
