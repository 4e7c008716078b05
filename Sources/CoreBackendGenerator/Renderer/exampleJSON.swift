/// The response examples an operation's catalog entry lists: the spec's own, else (documents without
/// `x-client`, whose examples are optional) one built from the response schema, so the mock backend
/// serves every operation something its client decodes.
func catalogExamples(_ operation: Operation, spec: APISpec) -> [String] {
    if !operation.examples.isEmpty { return operation.examples.map(\.value.compactText) }
    guard spec.namespace != nil || !operation.isRead, operation.response != .void else { return [] }
    return [exampleJSON(operation.response, resolver: TypeResolver(spec: spec), depth: 0)]
}

/// A minimal JSON value of `type`: required properties only, one array element, the first enum value.
func exampleJSON(_ type: TypeRef, resolver: TypeResolver, depth: Int) -> String {
    guard depth < 8 else { return "null" }
    switch type {
    case .string: return #""string""#
    case .int, .int32, .int64, .double: return "0"
    case .bool: return "false"
    case .json, .void, .optional: return "null"
    case .array(let element):
        return depth < 7 ? "[\(exampleJSON(element, resolver: resolver, depth: depth + 1))]" : "[]"
    case .map: return "{}"
    case .named(let name):
        return namedExample(resolver.declaration(name), resolver: resolver, depth: depth)
    }
}

private func namedExample(_ declaration: TypeDeclaration?, resolver: TypeResolver, depth: Int) -> String {
    switch declaration {
    case .object(let object)?:
        let fields = object.properties.compactMap { property -> String? in
            if case .optional = property.type { return nil }
            return JSONNode.quoted(property.jsonName) + ":"
                + exampleJSON(property.type, resolver: resolver, depth: depth + 1)
        }
        return "{" + fields.joined(separator: ",") + "}"
    case .enumeration(let enumeration)?:
        return JSONNode.quoted(enumeration.values.first ?? "")
    case .oneOf(let oneOf)?:
        guard let first = oneOf.cases.first else { return "null" }
        return exampleJSON(first.type, resolver: resolver, depth: depth + 1)
    case .alias(_, _, let target)?:
        return exampleJSON(target, resolver: resolver, depth: depth + 1)
    case nil:
        return "null"
    }
}
