/// Why a command line was rejected. Every case names the option or argument at fault; the tools print
/// `error: <description>` and the command's help on standard error and exit with ``exitStatus``.
///
/// Values typed by the user are quoted with control characters escaped, and the values of secret options
/// (``Option/isSecret``) are never quoted.
public enum CommandLineError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An option the command does not declare, e.g. `--verbose`.
    case unknownOption(String)
    /// A value-taking option at the end of the line, or followed by another option instead of its value.
    case missingValue(option: String)
    /// A value the option's parser rejected; `value` is `nil` for secret options.
    case invalidValue(option: String, value: String?, reason: String)
    /// A flag written with a value (`--json=yes`).
    case unexpectedValue(flag: String)
    /// The same option or flag given more than once.
    case duplicateOption(String)
    /// A required option that is absent.
    case missingOption(String)
    /// Two options of which at most one may be given.
    case conflictingOptions(String, String)
    /// A required positional argument that is absent, e.g. `<api>`.
    case missingArgument(String)
    /// More positional arguments than the command declares.
    case unexpectedArgument(String)
    /// A rule that spans several arguments and so belongs to the command (e.g. an operation's parameters).
    case invalid(String)

    /// `EX_USAGE` from `sysexits.h`: the exit status for a rejected command line.
    public static let exitStatus: Int32 = 64

    /// One line naming what is wrong.
    public var description: String {
        switch self {
        case .unknownOption(let name): "unknown option \(quote(name))"
        case .missingValue(let option): "missing value for \(option)"
        case .invalidValue(let option, let value?, let reason): "invalid value \(quote(value)) for \(option): \(reason)"
        case .invalidValue(let option, nil, let reason): "invalid value for \(option): \(reason)"
        case .unexpectedValue(let flag): "\(flag) takes no value"
        case .duplicateOption(let name): "\(name) given more than once"
        case .missingOption(let name): "missing \(name)"
        case .conflictingOptions(let first, let second): "use either \(first) or \(second), not both"
        case .missingArgument(let name): "missing argument \(name)"
        case .unexpectedArgument(let argument): "unexpected argument \(quote(argument))"
        case .invalid(let message): message
        }
    }
}

/// `text` in single quotes, control and format characters as `\u{…}` so a typed value cannot drive the terminal.
public func quote(_ text: String) -> String {
    var result = "'"
    for scalar in text.unicodeScalars {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .privateUse, .surrogate, .unassigned:
            result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
        default:
            result.unicodeScalars.append(scalar)
        }
    }
    return result + "'"
}
