/// Accumulates Swift source with indentation.
struct SwiftWriter {
    private(set) var text = ""
    private var depth = 0

    mutating func line(_ content: String = "") {
        if content.isEmpty {
            text += "\n"
        } else {
            text += String(repeating: "    ", count: depth) + content + "\n"
        }
    }

    mutating func block(_ opening: String, trailing: String = "", _ body: (inout SwiftWriter) -> Void) {
        line(opening + " {" + trailing)
        depth += 1
        body(&self)
        depth -= 1
        line("}")
    }

    /// `///` lines for `text`, or `fallback` when it is empty.
    mutating func doc(_ text: String?, fallback: String) {
        let content = (text?.isEmpty == false ? text! : fallback)
        for docLine in content.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = docLine.trimmingTrailingSpaces()
            line(trimmed.isEmpty ? "///" : "/// " + trimmed)
        }
    }
}

extension Substring {
    func trimmingTrailingSpaces() -> String {
        var result = self
        while result.last == " " { result.removeLast() }
        return String(result)
    }
}

/// A Swift string literal for `text`.
func stringLiteral(_ text: String) -> String {
    quotedLiteral(text) { "\\u{\(String($0, radix: 16))}" }
}

/// `text` in double quotes with `"`, `\\`, newline, carriage return and tab escaped as in both JSON and Swift,
/// and other control characters as `controlEscape` spells them (the two languages differ there).
func quotedLiteral(_ text: String, controlEscape: (UInt32) -> String) -> String {
    var output = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": output += "\\\""
        case "\\": output += "\\\\"
        case "\n": output += "\\n"
        case "\r": output += "\\r"
        case "\t": output += "\\t"
        default:
            if scalar.value < 0x20 {
                output += controlEscape(scalar.value)
            } else {
                output.unicodeScalars.append(scalar)
            }
        }
    }
    return output + "\""
}

/// A raw string literal (`#"…"#`) with enough `#` that `text` never ends it early.
func rawStringLiteral(_ text: String) -> String {
    var hashes = "#"
    while text.contains("\"" + hashes) || text.contains("\\" + hashes) { hashes += "#" }
    return hashes + "\"" + text + "\"" + hashes
}

/// A Swift literal for a scalar JSON value.
func scalarLiteral(_ node: JSONNode) -> String {
    switch node {
    case .string(let value): stringLiteral(value)
    case .number(_, let text): text
    case .bool(let value): value ? "true" : "false"
    default: "nil"
    }
}
