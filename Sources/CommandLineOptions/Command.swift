/// A command's whole interface, declared once: the parser, the validation and the help text all come from it.
///
///     static let json = Flag(name: "--json", help: "One JSON object per line.")
///     static let command = Command(
///         name: "core-backend endpoints", overview: "List every operation.",
///         arguments: [Argument(name: "<api>", help: "An API name.", arity: .optional)],
///         options: [json])
///
///     switch try command.parse(arguments) {
///     case .help: print(command.help)
///     case .values(let values): run(api: values.positional.first, json: values[json])
///     }
///
/// `--help` and `-h` ask for help only where an option name may stand, never as another option's value.
public struct Command: Sendable {
    /// The command as typed, e.g. `core-backend watch`.
    public let name: String
    /// What the command does, for the help text (may span lines).
    public let overview: String
    /// Positional arguments, in order; only the last may be ``Argument/Arity-swift.enum/repeating``.
    public let arguments: [Argument]
    /// Options and flags.
    public let options: [any OptionDeclaration]
    /// Groups of option names of which at most one may be given (e.g. `--token` and `--token-file`).
    public let exclusiveGroups: [[String]]
    /// Example command lines for the help text.
    public let examples: [String]

    /// The names that ask for help.
    public static let helpNames: Set<String> = ["--help", "-h"]

    /// Declares a command.
    public init(
        name: String, overview: String, arguments: [Argument] = [], options: [any OptionDeclaration] = [],
        exclusiveGroups: [[String]] = [], examples: [String] = []
    ) {
        let names = options.map(\.name)
        precondition(Set(names).count == names.count, "\(name): an option is declared twice")
        precondition(Command.helpNames.isDisjoint(with: names), "\(name): --help and -h are built in")
        precondition(
            arguments.dropLast().allSatisfy { $0.arity != .repeating }, "\(name): only the last argument may repeat")
        self.name = name
        self.overview = overview
        self.arguments = arguments
        self.options = options
        self.exclusiveGroups = exclusiveGroups
        self.examples = examples
    }

    /// What a command line asks for.
    public enum Outcome: Sendable {
        /// `--help` or `-h` stood where an option may: print ``Command/help`` and exit 0.
        case help
        /// Everything parsed and validated.
        case values(ParsedValues)
    }

    /// The declaration named `name`, if any.
    func option(named name: String) -> (any OptionDeclaration)? {
        options.first { $0.name == name }
    }
}
