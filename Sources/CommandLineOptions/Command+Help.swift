extension Command {
    /// The usage line, e.g. `core-backend mock [--port N]`, wrapped under its first word after ~100 columns.
    public var usage: String {
        let prefix = "USAGE: \(name)"
        var lines = [prefix]
        for item in arguments.map(\.usage) + optionUsages {
            if lines[lines.count - 1].count + 1 + item.count > 100, lines[lines.count - 1].count > prefix.count {
                lines.append(String(repeating: " ", count: prefix.count))
            }
            lines[lines.count - 1] += " " + item
        }
        return lines.joined(separator: "\n")
    }

    /// The full help text: overview, usage, arguments, options (with defaults), examples.
    public var help: String {
        let options =
            options.map { (Self.label($0), $0.help + ($0.defaultDescription.map { " " + $0 } ?? "")) }
            + [("-h, --help", "Show this help.")]
        let arguments = arguments.map { ($0.name, $0.help) }
        let width = (options + arguments).map(\.0.count).max().map { $0 + 4 } ?? 0
        var sections = ["OVERVIEW: \(overview)", usage]
        if !arguments.isEmpty { sections.append("ARGUMENTS:\n" + Self.rows(arguments, width: width)) }
        sections.append("OPTIONS:\n" + Self.rows(options, width: width))
        if !examples.isEmpty { sections.append("EXAMPLES:\n" + examples.map { "  " + $0 }.joined(separator: "\n")) }
        return sections.joined(separator: "\n\n")
    }

    /// Options in the usage line: required ones bare, others in brackets, exclusive ones together.
    private var optionUsages: [String] {
        var items: [String] = []
        for option in options {
            if let group = exclusiveGroups.first(where: { $0.contains(option.name) }) {
                guard group.first == option.name else { continue }
                let members = group.compactMap { self.option(named: $0) }.map(Self.label)
                items.append("[" + members.joined(separator: " | ") + "]")
            } else {
                items.append(option.isRequired ? Self.label(option) : "[\(Self.label(option))]")
            }
        }
        return items
    }

    private static func label(_ option: any OptionDeclaration) -> String {
        option.valueName.map { "\(option.name) \($0)" } ?? option.name
    }

    /// `  label   help`, continuation lines of the help indented under its first line.
    private static func rows(_ rows: [(String, String)], width: Int) -> String {
        rows.map { label, help in
            let indent = String(repeating: " ", count: width)
            let lines = help.split(separator: "\n", omittingEmptySubsequences: false)
            let first = ("  " + label).padding(to: width) + (lines.first.map(String.init) ?? "")
            return ([first] + lines.dropFirst().map { indent + $0 }).joined(separator: "\n")
        }.joined(separator: "\n")
    }
}

extension String {
    /// The string padded with spaces to `width` characters, plus one space when it is already that long.
    fileprivate func padding(to width: Int) -> String {
        count < width ? self + String(repeating: " ", count: width - count) : self + " "
    }
}
