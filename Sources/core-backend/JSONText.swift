import CoreBackend
import Foundation

/// JSON text for the CLI's output.
enum JSONText {
    /// One line, keys sorted.
    static func compact(_ value: JSONValue) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Indented, keys sorted.
    static func pretty(_ value: JSONValue) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Parses a command-line value: JSON when it parses (`[1,137]`, `true`, `5`), otherwise a string;
    /// a comma-separated list becomes an array when the parameter is an array.
    static func argument(_ text: String, swiftType: String) -> JSONValue {
        if let value = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) {
            if swiftType.hasPrefix("["), case .array = value { return value }
            if !swiftType.hasPrefix("[") && swiftType != "String" { return value }
        }
        if swiftType.hasPrefix("[") {
            let elementType = String(swiftType.dropFirst().dropLast())
            let items =
                text.isEmpty ? [] : text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return .array(items.map { argument($0, swiftType: elementType) })
        }
        return .string(text)
    }
}
