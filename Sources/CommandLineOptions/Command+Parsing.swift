extension Command {
    /// One argument as the command line's grammar reads it, before any value is parsed.
    private enum Token {
        case help
        case option(any OptionDeclaration, value: String?)
        case missingValue(String)
        case flagWithValue(String)
        case unknown(String)
        case positional(String)
    }

    /// Parses and validates `arguments` (without the program name): ``Outcome/help`` when `--help` or `-h`
    /// stands where an option may, otherwise every option's typed value and the positional arguments.
    ///
    /// Throws the first problem in this order: the shape of the line in command-line order (unknown option,
    /// missing value, flag with a value, repeated option), conflicting options, values the options' parsers
    /// reject, absent required options, then positional arguments that are missing, extra or invalid.
    public func parse(_ arguments: some Sequence<String>) throws(CommandLineError) -> Outcome {
        let tokens = tokenize(Array(arguments))
        if tokens.contains(where: { if case .help = $0 { true } else { false } }) { return .help }
        var given: [(option: any OptionDeclaration, text: String?)] = []
        var positional: [String] = []
        for token in tokens {
            switch token {
            case .help: break
            case .unknown(let name): throw .unknownOption(name)
            case .missingValue(let name): throw .missingValue(option: name)
            case .flagWithValue(let name): throw .unexpectedValue(flag: name)
            case .positional(let text): positional.append(text)
            case .option(let option, let text):
                guard !given.contains(where: { $0.option.name == option.name }) else {
                    throw .duplicateOption(option.name)
                }
                given.append((option, text))
            }
        }
        for group in exclusiveGroups {
            let names = given.map(\.option.name).filter(group.contains)
            if names.count > 1 { throw .conflictingOptions(names[0], names[1]) }
        }
        var values: [String: any Sendable] = [:]
        for (option, text) in given {
            values[option.name] =
                try text.map { (text) throws(CommandLineError) in try option.parseValue(text) } ?? true
        }
        for option in options where option.isRequired && values[option.name] == nil {
            throw .missingOption(option.name)
        }
        try checkPositional(positional)
        return .values(ParsedValues(positional: positional, options: values))
    }

    private func tokenize(_ arguments: [String]) -> [Token] {
        var tokens: [Token] = []
        var index = 0
        var onlyPositional = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPositional || !Self.looksLikeOption(argument) {
                tokens.append(.positional(argument))
            } else if argument == "--" {
                onlyPositional = true
            } else if Self.helpNames.contains(argument) {
                tokens.append(.help)
            } else {
                let (name, inline) = Self.split(argument)
                guard let declaration = option(named: name) else {
                    tokens.append(.unknown(name))
                    continue
                }
                if declaration.valueName == nil {
                    tokens.append(inline == nil ? .option(declaration, value: nil) : .flagWithValue(name))
                } else if let inline {
                    tokens.append(.option(declaration, value: inline))
                } else if index < arguments.count, !namesOption(arguments[index]) {
                    tokens.append(.option(declaration, value: arguments[index]))
                    index += 1
                } else {
                    // `--url --help`: the help stands where the value should, so it is not a request for help.
                    if index < arguments.count, Self.helpNames.contains(arguments[index]) { index += 1 }
                    tokens.append(.missingValue(name))
                }
            }
        }
        return tokens
    }

    /// Whether `argument` is `--`, `--help`/`-h` or one of this command's options: then it cannot be the
    /// value of the option before it (`--token --json` is a missing token, not the token "--json"; such a
    /// value is written `--token=--json`).
    private func namesOption(_ argument: String) -> Bool {
        guard Self.looksLikeOption(argument) else { return false }
        return argument == "--" || Self.helpNames.contains(argument) || option(named: Self.split(argument).name) != nil
    }

    private static func looksLikeOption(_ argument: String) -> Bool {
        argument.hasPrefix("-") && argument.count > 1
    }

    /// `--name=value` → (`--name`, `value`); anything else → (argument, nil).
    private static func split(_ argument: String) -> (name: String, value: String?) {
        guard let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }

    private func checkPositional(_ values: [String]) throws(CommandLineError) {
        var index = 0
        for argument in arguments {
            switch argument.arity {
            case .required:
                guard index < values.count else { throw .missingArgument(argument.name) }
                try check(values[index], against: argument)
                index += 1
            case .optional:
                if index < values.count {
                    try check(values[index], against: argument)
                    index += 1
                }
            case .repeating:
                while index < values.count {
                    try check(values[index], against: argument)
                    index += 1
                }
            }
        }
        if index < values.count { throw .unexpectedArgument(values[index]) }
    }

    private func check(_ value: String, against argument: Argument) throws(CommandLineError) {
        do {
            _ = try argument.parser.parse(value)
        } catch {
            throw .invalidValue(option: argument.name, value: value, reason: error.reason)
        }
    }
}
