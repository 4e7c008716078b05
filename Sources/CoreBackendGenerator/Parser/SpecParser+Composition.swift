extension SpecParser {
    /// `allOf` flattened into one object schema: the properties and `required` names of every part
    /// (`$ref`s to `components/schemas` followed, nested `allOf`s too) and of the schema itself, later
    /// parts replacing earlier properties of the same name. `nil` (reported) when a part is not an object.
    mutating func flattenAllOf(_ node: JSONNode, parts: JSONNode, at pointer: Pointer) -> JSONNode? {
        guard let items = parts.arrayValue, !items.isEmpty else {
            report(pointer, "expected a non-empty array of schemas")
            return nil
        }
        var merged = MergedObject()
        for (index, item) in items.enumerated() {
            guard mergeAllOfPart(item, into: &merged, depth: 0, at: pointer.appending(index)) else { return nil }
        }
        var own = node
        if case .object(let members) = node { own = .object(members.filter { $0.key != "allOf" }) }
        guard mergeAllOfPart(own, into: &merged, depth: 0, at: pointer) else { return nil }
        var members = (node.objectMembers ?? []).filter {
            !["allOf", "properties", "required", "type"].contains($0.key)
        }
        members += [
            ("type", .string("object")), ("properties", .object(merged.properties)),
            ("required", .array(merged.required)),
        ]
        return .object(members)
    }

    /// The properties and required names collected so far.
    struct MergedObject {
        var properties: [(key: String, value: JSONNode)] = []
        var required: [JSONNode] = []
    }

    private mutating func mergeAllOfPart(
        _ part: JSONNode, into merged: inout MergedObject, depth: Int, at pointer: Pointer
    )
        -> Bool
    {
        guard depth < 16 else {
            unsupported(pointer, "allOf nested more than 16 levels (a cycle?)")
            return false
        }
        var schema = part
        if let ref = part["$ref"] {
            let prefix = "#/components/schemas/"
            guard let target = ref.stringValue, target.hasPrefix(prefix),
                let referenced = document["components"]?["schemas"]?[String(target.dropFirst(prefix.count))]
            else {
                report(pointer.appending("$ref"), "unknown $ref '\(ref.stringValue ?? ref.kindName)'")
                return false
            }
            schema = referenced
        }
        for (index, inner) in (schema["allOf"]?.arrayValue ?? []).enumerated() {
            guard
                mergeAllOfPart(inner, into: &merged, depth: depth + 1, at: pointer.appending("allOf").appending(index))
            else { return false }
        }
        let type = schema["type"]?.stringValue
        guard type == nil || type == "object", schema["oneOf"] == nil, schema["anyOf"] == nil, schema["items"] == nil
        else {
            unsupported(pointer, "allOf part that is not an object schema")
            return false
        }
        for member in schema["properties"]?.objectMembers ?? [] {
            merged.properties.removeAll { $0.key == member.key }
            merged.properties.append(member)
        }
        for name in schema["required"]?.arrayValue ?? [] where !merged.required.contains(name) {
            merged.required.append(name)
        }
        return true
    }

    /// Records `discriminator.propertyName` on the `oneOf`/`anyOf` just declared as `reference`, and the
    /// values naming each alternative: its `mapping` keys, else the referenced schema's name.
    mutating func applyDiscriminator(
        _ discriminator: JSONNode, to reference: String, in nested: inout [TypeDeclaration],
        at pointer: Pointer
    ) {
        guard
            let property = string(
                discriminator["propertyName"], at: pointer.appending("discriminator").appending("propertyName")),
            case .oneOf(var declaration)? = nested.last, reference.hasSuffix(declaration.name)
        else { return }
        var mapping: [(value: String, type: String)] = []
        for member in discriminator["mapping"]?.objectMembers ?? [] {
            guard let target = member.value.stringValue, let name = target.split(separator: "/").last else { continue }
            mapping.append((member.key, qualified(schemaTypeName(String(name)))))
        }
        for index in declaration.cases.indices {
            guard case .named(let name) = declaration.cases[index].type else { continue }
            let mapped = mapping.filter { $0.type == name }.map(\.value)
            let schemaName = String(name.split(separator: ".").last ?? "")
            declaration.cases[index].discriminatorValues = mapped.isEmpty ? [schemaName] : mapped
        }
        declaration.discriminator = property
        nested[nested.count - 1] = .oneOf(declaration)
    }

    mutating func translateOneOf(
        _ node: JSONNode, at pointer: Pointer, name: String, reference: String, description: String?,
        nested: inout [TypeDeclaration]
    ) -> TypeRef? {
        guard let alternatives = node.arrayValue, !alternatives.isEmpty else {
            report(pointer, "expected a non-empty array of schemas")
            return nil
        }
        var cases: [OneOfCase] = []
        var inner: [TypeDeclaration] = []
        var nullable = false
        for (index, alternative) in alternatives.enumerated() {
            if alternative["type"]?.stringValue == "null" {
                nullable = true
                continue
            }
            let title = alternative["title"]?.stringValue
            guard
                let type = translate(
                    alternative, at: pointer.appending(index), suggestedName: upperCamel(title ?? "Option\(index + 1)"),
                    qualifier: reference, nested: &inner)
            else { continue }
            var caseName = title.map(propertyName) ?? caseName(for: type)
            while cases.contains(where: { $0.name == caseName }) { caseName += "\(index + 1)" }
            cases.append(OneOfCase(name: caseName, type: type))
        }
        if cases.count == 1 && inner.isEmpty {
            return nullable ? .optional(cases[0].type) : cases[0].type
        }
        nested.append(
            .oneOf(
                OneOfDeclaration(
                    name: name, description: description, cases: cases, nested: inner, keepsUnknown: namespace != nil)))
        return nullable ? .optional(.named(reference)) : .named(reference)
    }

    private func caseName(for type: TypeRef) -> String {
        switch type {
        case .string: "string"
        case .int: "int"
        case .int32: "int32"
        case .int64: "int64"
        case .void: "void"
        case .double: "double"
        case .bool: "bool"
        case .json: "json"
        case .array: "array"
        case .map: "object"
        case .optional(let wrapped): caseName(for: wrapped)
        case .named(let name): propertyName(String(name.split(separator: ".").last ?? ""))
        }
    }
}
