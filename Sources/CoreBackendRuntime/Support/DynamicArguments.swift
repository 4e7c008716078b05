import Foundation

/// JSON arguments for a generated client's `call(_:arguments:options:)`, decoded into typed values.
package struct DynamicArguments: Sendable {
    private let values: [String: JSONValue]

    package init(_ values: [String: JSONValue]) { self.values = values }

    /// Throws when an argument name is not one of `allowed`.
    package func checkNames(_ allowed: Set<String>) throws {
        for name in values.keys.sorted() where !allowed.contains(name) {
            throw APIError.invalidArgument(
                name: name, value: "",
                reason: "unknown parameter; expected one of \(allowed.sorted().joined(separator: ", "))")
        }
    }

    /// Whether any of `names` was given.
    package func containsAny(_ names: [String]) -> Bool {
        names.contains { values[$0] != nil }
    }

    /// The value of a required argument.
    package func required<Value: Decodable>(_ name: String, as type: Value.Type) throws -> Value {
        guard let value = try optional(name, as: type) else {
            throw APIError.invalidArgument(name: name, value: "", reason: "missing required parameter")
        }
        return value
    }

    /// The value of an optional argument, or `nil` when absent.
    package func optional<Value: Decodable>(_ name: String, as type: Value.Type) throws -> Value? {
        guard let value = values[name] else { return nil }
        guard !value.exceedsNestingDepth() else {
            throw APIError.invalidArgument(name: name, value: "", reason: JSONLimits.nestingMessage())
        }
        do {
            let data = try JSONEncoder().encode(value)
            return try JSONDecoder().decode(Value.self, from: data)
        } catch {
            let text = (try? String(decoding: JSONEncoder().encode(value), as: UTF8.self)) ?? "?"
            throw APIError.invalidArgument(name: name, value: text, reason: "expected \(Value.self)")
        }
    }
}

extension JSONValue {
    /// Converts any `Encodable` value to JSON.
    ///
    /// - Throws: the encoder's error, or `DecodingError.dataCorrupted` when the value nests deeper than
    ///   ``JSONLimits/maximumNestingDepth``.
    public init(encoding value: some Encodable) throws {
        let data = try JSONEncoder().encode(value)
        guard let json = JSONValue(decoding: data) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: JSONLimits.nestingMessage()))
        }
        self = json
    }
}
