/// Checks a JSON value (an `x-empty-input` value) against a generated type, as the Swift decoder would:
/// returns the first mismatch as `(JSON pointer inside the value, message)`, or `nil` when it decodes.
func firstMismatch(_ value: JSONNode, against type: TypeRef, resolver: TypeResolver, at pointer: Pointer = .root)
    -> (Pointer, String)?
{
    func expected(_ what: String) -> (Pointer, String) { (pointer, "expected \(what), found \(value.kindName)") }
    switch type {
    case .optional(let wrapped):
        return value == .null ? nil : firstMismatch(value, against: wrapped, resolver: resolver, at: pointer)
    case .json:
        return nil
    case .string:
        return value.stringValue == nil ? expected("a string") : nil
    case .bool:
        return value.boolValue == nil ? expected("a boolean") : nil
    case .double:
        if case .number = value { return nil }
        return expected("a number")
    case .int, .int32, .int64:
        if case .number(let number, _) = value, number.rounded() == number { return nil }
        return expected("an integer")
    case .void:
        return nil
    case .array(let element):
        guard let items = value.arrayValue else { return expected("an array") }
        for (index, item) in items.enumerated() {
            if let mismatch = firstMismatch(item, against: element, resolver: resolver, at: pointer.appending(index)) {
                return mismatch
            }
        }
        return nil
    case .map(let valueType):
        guard let members = value.objectMembers else { return expected("an object") }
        for member in members {
            if let mismatch = firstMismatch(
                member.value, against: valueType, resolver: resolver, at: pointer.appending(member.key))
            {
                return mismatch
            }
        }
        return nil
    case .named(let reference):
        return firstMismatch(value, againstDeclarationOf: reference, resolver: resolver, at: pointer)
    }
}

/// ``firstMismatch(_:against:resolver:at:)`` for a named type: follows aliases, and checks enums, oneOfs and
/// objects (every required property present, every present one matching).
private func firstMismatch(
    _ value: JSONNode, againstDeclarationOf reference: String, resolver: TypeResolver, at pointer: Pointer
) -> (Pointer, String)? {
    func expected(_ what: String) -> (Pointer, String) { (pointer, "expected \(what), found \(value.kindName)") }
    switch resolver.declaration(reference) {
    case .alias(_, _, let target)?:
        return firstMismatch(value, against: target, resolver: resolver, at: pointer)
    case .enumeration?:
        return value.stringValue == nil ? expected("a string") : nil
    case .oneOf(let oneOf)?:
        let fits = oneOf.cases.contains {
            firstMismatch(value, against: $0.type, resolver: resolver, at: pointer) == nil
        }
        return fits ? nil : expected("one of \(oneOf.cases.map(\.type.swift).joined(separator: ", "))")
    case .object(let object)?:
        guard value.objectMembers != nil else { return expected("an object") }
        for property in object.properties {
            guard let member = value[property.jsonName] else {
                if case .optional = property.type { continue }
                return (pointer, "missing required property '\(property.jsonName)'")
            }
            if let mismatch = firstMismatch(
                member, against: property.type, resolver: resolver, at: pointer.appending(property.jsonName))
            {
                return mismatch
            }
        }
        return nil
    case nil:
        return nil  // An unknown $ref is reported on its own.
    }
}

/// Reports nested types whose name hides a top-level model that a property of the same scope refers
/// to: inside `struct Outer`, the name `Owner` would silently mean `Outer.Owner`, not the component.
func shadowingDiagnostics(_ spec: APISpec) -> [(Pointer, String)] {
    let topLevel = Set(spec.types.map(\.name))
    var problems: [(Pointer, String)] = []
    func visit(_ declaration: TypeDeclaration, scope: [String], visible: Set<String>) {
        let path = scope + [declaration.name]
        let nested: [TypeDeclaration]
        let references: [TypeRef]
        switch declaration {
        case .object(let object):
            nested = object.nested
            references = object.properties.map(\.type)
        case .oneOf(let oneOf):
            nested = oneOf.nested
            references = oneOf.cases.map(\.type)
        default:
            return
        }
        let inScope = visible.union(nested.map(\.name))
        for name in Set(references.flatMap(unqualifiedNames)) where topLevel.contains(name) && inScope.contains(name) {
            problems.append(
                (
                    Pointer.root.appending("components").appending("schemas").appending(path[0]),
                    "nested type '\(name)' inside '\(path.joined(separator: "."))' hides the model '#/components/schemas/\(name)' that a property refers to; give the inline schema a different 'title'"
                ))
        }
        for inner in nested { visit(inner, scope: path, visible: inScope) }
    }
    for declaration in spec.types { visit(declaration, scope: [], visible: []) }
    return problems
}

private func unqualifiedNames(_ type: TypeRef) -> [String] {
    switch type {
    case .named(let name): name.contains(".") ? [] : [name]
    case .array(let inner), .map(let inner), .optional(let inner): unqualifiedNames(inner)
    default: []
    }
}
