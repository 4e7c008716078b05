/// Renders a named type and everything nested in it.
func renderType(_ declaration: TypeDeclaration, into writer: inout SwiftWriter) {
    switch declaration {
    case .object(let object): renderObject(object, into: &writer)
    case .enumeration(let enumeration): renderEnum(enumeration, into: &writer)
    case .oneOf(let oneOf): renderOneOf(oneOf, into: &writer)
    case .alias(let name, let description, let target):
        writer.doc(description, fallback: "The `\(name)` response model.")
        writer.line("public typealias \(name) = \(target.swift)")
    }
}

private func renderObject(_ object: ObjectDeclaration, into writer: inout SwiftWriter) {
    writer.doc(object.description, fallback: "The `\(object.name)` model.")
    writer.block("public struct \(object.name): Codable, Sendable, Hashable") { writer in
        for property in object.properties {
            writer.doc(property.description, fallback: "The `\(property.jsonName)` field.")
            writer.line("public var \(escaped(property.swiftName)): \(property.type.swift)")
        }
        writer.line()
        writer.line("/// Creates a value.")
        let arguments = object.properties.map { property in
            let defaultValue: String
            if case .optional = property.type { defaultValue = " = nil" } else { defaultValue = "" }
            return "\(escaped(property.swiftName)): \(property.type.swift)\(defaultValue)"
        }
        writer.block("public init(\(arguments.joined(separator: ", ")))") { writer in
            for property in object.properties {
                writer.line("self.\(property.swiftName) = \(escaped(property.swiftName))")
            }
        }
        if object.properties.contains(where: { $0.swiftName != $0.jsonName }) {
            writer.line()
            writer.block("enum CodingKeys: String, CodingKey") { writer in
                for property in object.properties {
                    let suffix = property.swiftName == property.jsonName ? "" : " = \(stringLiteral(property.jsonName))"
                    writer.line("case \(escaped(property.swiftName))\(suffix)")
                }
            }
        }
        for inner in object.nested {
            writer.line()
            renderType(inner, into: &writer)
        }
    }
}

/// Case names for enum values: camelCase, unique, never clashing with `unknown`.
func enumCaseNames(_ values: [String]) -> [String] {
    var used: Set<String> = ["unknown"]
    return values.map { value in
        var name = propertyName(value)
        if name == "unknown" { name = "unknownValue" }
        return uniqueName(name, avoiding: &used)
    }
}

private func renderEnum(_ enumeration: EnumDeclaration, into writer: inout SwiftWriter) {
    let name = enumeration.name
    let cases = enumCaseNames(enumeration.values)
    writer.doc(
        enumeration.description, fallback: "The `\(name)` values; unknown server values decode to ``unknown(_:)``.")
    writer.block(
        "public enum \(name): Codable, Sendable, Hashable, RawRepresentable, ExpressibleByStringLiteral, QueryKeyRepresentable, QueryParameterRepresentable"
    ) { writer in
        for (caseName, value) in zip(cases, enumeration.values) {
            writer.line("/// `\(value)`.")
            writer.line("case \(escaped(caseName))")
        }
        writer.line("/// A value this version of the SDK does not know yet.")
        writer.line("case unknown(String)")
        writer.line()
        writer.line("/// Every value this version of the SDK knows, in spec order.")
        writer.line(
            "public static let knownCases: [\(name)] = [\(cases.map { "." + escaped($0) }.joined(separator: ", "))]")
        writer.line()
        writer.line("/// Creates a value from its wire form; unknown strings become ``unknown(_:)``.")
        writer.block("public init(rawValue: String)") { writer in
            writer.block("switch rawValue") { writer in
                for (caseName, value) in zip(cases, enumeration.values) {
                    writer.line("case \(stringLiteral(value)): self = .\(escaped(caseName))")
                }
                writer.line("default: self = .unknown(rawValue)")
            }
        }
        writer.line()
        writer.line("/// Creates a value from a string literal.")
        writer.line("public init(stringLiteral value: String) { self.init(rawValue: value) }")
        writer.line()
        writer.line("/// The wire form.")
        writer.block("public var rawValue: String") { writer in
            writer.block("switch self") { writer in
                for (caseName, value) in zip(cases, enumeration.values) {
                    writer.line("case .\(escaped(caseName)): \(stringLiteral(value))")
                }
                writer.line("case .unknown(let value): value")
            }
        }
        writer.line()
        writer.line("/// Decodes any string.")
        writer.block("public init(from decoder: any Decoder) throws") { writer in
            writer.line("self.init(rawValue: try decoder.singleValueContainer().decode(String.self))")
        }
        writer.line()
        writer.line("/// Encodes the wire form.")
        writer.block("public func encode(to encoder: any Encoder) throws") { writer in
            writer.line("var container = encoder.singleValueContainer()")
            writer.line("try container.encode(rawValue)")
        }
    }
}

private func renderOneOf(_ oneOf: OneOfDeclaration, into writer: inout SwiftWriter) {
    writer.doc(oneOf.description, fallback: "One of several shapes the API sends for this value.")
    writer.block("public enum \(oneOf.name): Codable, Sendable, Hashable") { writer in
        for entry in oneOf.cases {
            writer.line("/// The value as `\(entry.type.swift)`.")
            writer.line("case \(escaped(entry.name))(\(entry.type.swift))")
        }
        if oneOf.keepsUnknown {
            writer.line("/// A value no known alternative accepts, kept as raw JSON.")
            writer.line("case unknown(JSONValue)")
        }
        writer.line()
        if oneOf.discriminator != nil {
            renderDiscriminatedDecoder(oneOf, into: &writer)
        } else {
            renderTryingDecoder(oneOf, into: &writer)
        }
        writer.line()
        writer.line("/// Encodes the wrapped value.")
        writer.block("public func encode(to encoder: any Encoder) throws") { writer in
            writer.line("var container = encoder.singleValueContainer()")
            writer.block("switch self") { writer in
                for entry in oneOf.cases {
                    writer.line("case .\(escaped(entry.name))(let value): try container.encode(value)")
                }
                if oneOf.keepsUnknown { writer.line("case .unknown(let value): try container.encode(value)") }
            }
        }
        for inner in oneOf.nested {
            writer.line()
            renderType(inner, into: &writer)
        }
    }
}

/// Tries each alternative in spec order; then `unknown` or a decoding error.
private func renderTryingDecoder(_ oneOf: OneOfDeclaration, into writer: inout SwiftWriter) {
    writer.line("/// Decodes the first alternative that fits, in spec order.")
    writer.block("public init(from decoder: any Decoder) throws") { writer in
        writer.line("let container = try decoder.singleValueContainer()")
        for entry in oneOf.cases {
            writer.block("if let value = try? container.decode(\(entry.type.swift).self)") { writer in
                writer.line("self = .\(escaped(entry.name))(value)")
                writer.line("return")
            }
        }
        if oneOf.keepsUnknown {
            writer.line("self = .unknown(try container.decode(JSONValue.self))")
        } else {
            let expected = oneOf.cases.map(\.type.swift).joined(separator: ", ")
            writer.line(
                "throw DecodingError.dataCorruptedError(in: container, debugDescription: \(stringLiteral("Expected one of: " + expected)))"
            )
        }
    }
}

/// Reads the discriminator property and decodes the alternative it names; any other value is `unknown`.
private func renderDiscriminatedDecoder(_ oneOf: OneOfDeclaration, into writer: inout SwiftWriter) {
    let property = oneOf.discriminator ?? ""
    writer.line("private enum DiscriminatorKey: String, CodingKey { case value = \(stringLiteral(property)) }")
    writer.line()
    writer.line("/// Decodes the alternative the `\(property)` property names.")
    writer.block("public init(from decoder: any Decoder) throws") { writer in
        writer.line("let container = try decoder.singleValueContainer()")
        writer.line(
            "let tag = try? decoder.container(keyedBy: DiscriminatorKey.self).decode(String.self, forKey: .value)")
        writer.block("switch tag") { writer in
            for entry in oneOf.cases where !entry.discriminatorValues.isEmpty {
                let labels = entry.discriminatorValues.map { stringLiteral($0) + "?" }.joined(separator: ", ")
                writer.line(
                    "case \(labels): self = .\(escaped(entry.name))(try container.decode(\(entry.type.swift).self))")
            }
            if oneOf.keepsUnknown {
                writer.line("default: self = .unknown(try container.decode(JSONValue.self))")
            } else {
                writer.line(
                    "default: throw DecodingError.dataCorruptedError(in: container, debugDescription: \(stringLiteral("Unknown " + property)))"
                )
            }
        }
    }
}
