import CommandLineOptions
import Testing

/// A command with one of everything, parsed in process.
enum Sample {
    static let count = Option(name: "--count", valueName: "N", help: "How many.", parser: .integer(in: 1...Int.max))
    static let port = Option(
        name: "--port", valueName: "N", help: "Port.", parser: .integer(in: 0...65_535), default: 0)
    static let url = Option(name: "--url", valueName: "URL", help: "Where.", parser: .string, isRequired: true)
    static let secret = Option(
        name: "--token", valueName: "T", help: "Secret.",
        parser: ValueParser.string.validated { (text: String) throws(ValueParser<String>.Rejection) in
            guard !text.contains(" ") else { throw .init("no spaces") }
        },
        isSecret: true)
    static let file = Option(name: "--token-file", valueName: "PATH", help: "Secret from a file.", parser: .string)
    static let json = Flag(name: "--json", help: "JSON lines.")
    static let command = Command(
        name: "tool sample", overview: "A sample.",
        arguments: [
            Argument(name: "<api>", help: "An API.", parser: .oneOf(["a", "b"])),
            Argument(name: "name=value", help: "Pairs.", arity: .repeating),
        ],
        options: [url, count, port, secret, file, json], exclusiveGroups: [["--token", "--token-file"]])

    static func values(_ arguments: [String]) throws(CommandLineError) -> ParsedValues {
        guard case .values(let values) = try command.parse(arguments) else { throw .invalid("help") }
        return values
    }

    static func error(_ arguments: [String]) -> CommandLineError? {
        do {
            _ = try command.parse(arguments)
            return nil
        } catch {
            return error
        }
    }
}

@Suite("CommandLineOptions: parsing and validation")
struct CommandParsingTests {
    @Test("typed values, defaults, flags and positional arguments come from the declarations")
    func values() throws {
        let values = try Sample.values(["a", "x=1", "--url", "ws://h", "--count", "3", "--json", "y=2"])
        #expect(values[Sample.url] == "ws://h")
        #expect(values[Sample.count] == 3)
        #expect(values[Sample.port] == 0)  // the default
        #expect(try values.value(Sample.port) == 0)
        #expect(values[Sample.json])
        #expect(values[Sample.secret] == nil)
        #expect(values.positional == ["a", "x=1", "y=2"])
        #expect(!values.contains("--port") && values.contains("--count"))
        #expect(throws: CommandLineError.missingOption("--token")) { try values.value(Sample.secret) }
    }

    @Test("--name=value, values that start with a dash, and -- before positional arguments")
    func forms() throws {
        let values = try Sample.values(["--url=ws://h=1", "--port", "-0", "--", "b", "--json"])
        #expect(values[Sample.url] == "ws://h=1")
        #expect(values[Sample.port] == 0)
        #expect(!values[Sample.json])
        #expect(values.positional == ["b", "--json"])
    }

    @Test(
        "each problem is one error naming the option",
        arguments: [
            (["a", "--url", "u", "--verbose"], CommandLineError.unknownOption("--verbose")),
            (["a", "--url", "u", "-v"], .unknownOption("-v")),
            (["a", "--url", "u", "--bogus=1"], .unknownOption("--bogus")),
            (["a", "--url", "u", "--count"], .missingValue(option: "--count")),
            (["a", "--url", "u", "--count", "--json"], .missingValue(option: "--count")),
            (["a", "--url", "u", "--count", "--"], .missingValue(option: "--count")),
            (
                ["a", "--url", "u", "--count", "x"],
                .invalidValue(option: "--count", value: "x", reason: "expected a positive integer")
            ),
            (
                ["a", "--url", "u", "--count", "-3"],
                .invalidValue(option: "--count", value: "-3", reason: "expected a positive integer")
            ),
            (
                ["a", "--url", "u", "--count", "0"],
                .invalidValue(option: "--count", value: "0", reason: "expected a positive integer")
            ),
            (
                ["a", "--url", "u", "--count", ""],
                .invalidValue(option: "--count", value: "", reason: "expected a positive integer")
            ),
            (
                ["a", "--url", "u", "--port", "65536"],
                .invalidValue(option: "--port", value: "65536", reason: "expected an integer from 0 to 65535")
            ),
            (["a", "--url", "u", "--count", "1", "--count", "2"], .duplicateOption("--count")),
            (["a", "--url", "u", "--json", "--json"], .duplicateOption("--json")),
            (["a", "--url", "u", "--json=yes"], .unexpectedValue(flag: "--json")),
            (["a"], .missingOption("--url")),
            (["a", "--url", "u", "--token", "t", "--token-file", "f"], .conflictingOptions("--token", "--token-file")),
            (["--url", "u"], .missingArgument("<api>")),
            (["c", "--url", "u"], .invalidValue(option: "<api>", value: "c", reason: "expected one of a, b")),
            // A secret's value is never quoted.
            (
                ["a", "--url", "u", "--token", "two words"],
                .invalidValue(option: "--token", value: nil, reason: "no spaces")
            ),
        ])
    func errors(arguments: [String], expected: CommandLineError) {
        #expect(Sample.error(arguments) == expected)
    }

    @Test("an extra positional argument is named when nothing repeats")
    func unexpectedArgument() {
        let command = Command(
            name: "tool", overview: "x", arguments: [Argument(name: "<a>", help: "", arity: .optional)])
        #expect(throws: CommandLineError.unexpectedArgument("two")) { try command.parse(["one", "two"]) }
        #expect(throws: Never.self) { try command.parse([]) }
    }

    @Test("errors read as one line naming the option; typed control characters are escaped")
    func descriptions() {
        #expect(
            CommandLineError.invalidValue(option: "--count", value: "x", reason: "expected a positive integer")
                .description
                == "invalid value 'x' for --count: expected a positive integer")
        #expect(
            CommandLineError.invalidValue(option: "--token", value: nil, reason: "no spaces").description
                == "invalid value for --token: no spaces")
        #expect(CommandLineError.unknownOption("--a\u{1B}[2J").description == #"unknown option '--a\u{1B}[2J'"#)
        #expect(CommandLineError.duplicateOption("--count").description == "--count given more than once")
        #expect(CommandLineError.missingValue(option: "--count").description == "missing value for --count")
        #expect(CommandLineError.exitStatus == 64)
    }

    @Test("--help and -h ask for help only where an option may stand, wherever that is")
    func help() throws {
        for arguments in [
            ["--help"], ["-h"], ["a", "--count", "x", "--help"], ["--bogus", "-h"], ["--count", "1", "-h"],
        ] {
            guard case .help = try Sample.command.parse(arguments) else {
                Issue.record("\(arguments) did not ask for help")
                continue
            }
        }
        // As a value it is a missing value (not help, not the value); after -- it is positional.
        #expect(Sample.error(["a", "--url", "--help"]) == .missingValue(option: "--url"))
        #expect(Sample.error(["a", "--url", "-h", "--count", "1"]) == .missingValue(option: "--url"))
        #expect(try Sample.values(["a", "--url=--help"])[Sample.url] == "--help")
        #expect(try Sample.values(["--url", "u", "--", "a", "--help"]).positional == ["a", "--help"])
    }

    @Test("value parsers: integers, numbers, choices, map and validated")
    func parsers() throws {
        #expect(try ValueParser.integer(in: 0...Int.max).parse("7") == 7)
        #expect(throws: ValueParser<Int>.Rejection.self) { try ValueParser.integer(in: 0...Int.max).parse("1e3") }
        #expect(try ValueParser.number(in: 0.001...Double.infinity).parse("2.5") == 2.5)
        for bad in ["nan", "inf", "0", "-1", "x"] {
            #expect(throws: ValueParser<Double>.Rejection.self) {
                try ValueParser.number(in: 0.001...Double.infinity).parse(bad)
            }
        }
        #expect(try ValueParser.oneOf(["x", "y"]).parse("y") == "y")
        #expect(try ValueParser.integer().map { $0 * 2 }.parse("21") == 42)
        do {
            _ = try ValueParser.integer(in: 1...Int.max).map { String($0) }.parse("0")
            Issue.record("expected a rejection")
        } catch {
            #expect(error.reason == "expected a positive integer")
        }
    }
}
