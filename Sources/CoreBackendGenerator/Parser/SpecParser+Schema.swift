extension SpecParser {
    /// Keywords that only annotate a schema and never change the generated type.
    private static let annotations: Set<String> = [
        "description", "title", "format", "examples", "example", "default", "deprecated", "readOnly", "writeOnly",
        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "pattern",
        "minItems", "maxItems", "uniqueItems", "minProperties", "maxProperties", "$comment", "nullable", "xml",
        "externalDocs", "contentMediaType", "contentEncoding", "$schema", "$id", "multipleOf", "const",
    ]
    /// Keywords the translator understands.
    private static let structural: Set<String> = [
        "type", "properties", "required", "additionalProperties", "items", "prefixItems", "enum", "oneOf", "$ref",
        "allOf", "anyOf", "discriminator",
    ]

    /// The declaration of a `components/schemas` entry.
    mutating func componentDeclarations(named name: String, _ node: JSONNode, at pointer: Pointer) -> [TypeDeclaration]
    {
        var nested: [TypeDeclaration] = []
        let type = translate(node, at: pointer, suggestedName: name, qualifier: nil, nested: &nested, isComponent: true)
        if nested.contains(where: { $0.name == name }) {
            return nested
        }
        return [.alias(name: name, description: node["description"]?.stringValue, target: type ?? .json)] + nested
    }

    /// The names in a schema's `type` (one name or an array), `null` apart; nil (reported) when it is malformed.
    private mutating func typeNames(_ node: JSONNode, at pointer: Pointer) -> (names: [String], nullable: Bool)? {
        var typeNames: [String] = []
        var nullable = false
        switch node["type"] {
        case .string(let single)?: typeNames = [single]
        case .array(let list)?:
            for item in list {
                guard let text = item.stringValue else {
                    report(pointer.appending("type"), "expected type names")
                    return nil
                }
                if text == "null" { nullable = true } else { typeNames.append(text) }
            }
        case let other:
            report(
                pointer.appending("type"),
                "expected a type name or an array of type names, found \(other?.kindName ?? "nothing")")
            return nil
        }
        return (typeNames, nullable)
    }

    /// A `$ref` to `#/components/schemas/<Name>`, recorded for the unknown-reference check; anything else is
    /// reported.
    private mutating func schemaReference(_ ref: JSONNode, at pointer: Pointer) -> TypeRef? {
        guard let target = ref.stringValue, target.hasPrefix("#/components/schemas/") else {
            report(pointer, "unsupported reference; expected '#/components/schemas/<Name>'")
            return nil
        }
        let referenced = schemaTypeName(String(target.dropFirst("#/components/schemas/".count)))
        references.append((referenced, pointer))
        return .named(qualified(referenced))
    }

    /// `Name` inside the document's namespace (`PetstoreExpanded.Name`), or as it is without one.
    func qualified(_ name: String) -> String {
        namespace.map { "\($0).\(name)" } ?? name
    }

    /// The Swift name of the component schema `key`: ``typeName(_:)``, and at module scope (no namespace)
    /// never one of ``moduleScopeReservedTypeNames``.
    func schemaTypeName(_ key: String) -> String {
        let name = typeName(key)
        return namespace == nil && moduleScopeReservedTypeNames.contains(name) ? name + "Model" : name
    }

    /// Whether a type declared in `qualifier` (`nil`: at the top) lands at module scope.
    func isModuleScope(_ qualifier: String?) -> Bool { qualifier == nil && namespace == nil }

    /// Reports every schema keyword the generator does not understand (`x-` extensions are allowed); in a
    /// document without `x-client` each is a warning and the schema is typed `JSONValue`. Returns whether
    /// any was found.
    private mutating func reportUnsupportedKeywords(_ members: [(key: String, value: JSONNode)], at pointer: Pointer)
        -> Bool
    {
        var found = false
        for member in members
        where !Self.annotations.contains(member.key) && !Self.structural.contains(member.key)
            && !member.key.hasPrefix("x-")
        {
            found = true
            if namespace == nil {
                report(pointer.appending(member.key), "unsupported schema construct '\(member.key)'")
            } else {
                warn(pointer.appending(member.key), "unsupported schema construct '\(member.key)'; typed as JSONValue")
            }
        }
        if members.contains(where: { $0.key == "xml" }) {
            warn(
                pointer.appending("xml"), "unsupported construct 'xml' (XML serialisation); ignored, JSON is generated")
        }
        return found
    }

    /// Translates a schema into a type reference, appending generated declarations to `nested`.
    ///
    /// Inline objects, enums and `oneOf`s become declarations named `suggestedName` (or `title`);
    /// `qualifier` is the enclosing type, so references read `Parent.Child`.
    mutating func translate(
        _ node: JSONNode, at pointer: Pointer, suggestedName: String, qualifier: String?,
        nested: inout [TypeDeclaration], isComponent: Bool = false
    ) -> TypeRef? {
        guard let members = node.objectMembers else {
            report(pointer, "expected a schema object, found \(node.kindName)")
            return nil
        }
        if reportUnsupportedKeywords(members, at: pointer) && namespace != nil { return .json }
        var name = isComponent ? suggestedName : (node["title"]?.stringValue.map(upperCamel) ?? suggestedName)
        if !isComponent
            && (reservedTypeNames.contains(name)
                || isModuleScope(qualifier) && moduleScopeReservedTypeNames.contains(name))
        {
            name += "Model"
        }
        if !isComponent && Self.declaresType(node) {
            name = uniqueName(name, avoiding: &declaredNames[qualifier ?? "", default: []])
        }
        let reference = qualifier.map { "\($0).\(name)" } ?? qualified(name)
        let description = node["description"]?.stringValue

        if let ref = node["$ref"] { return schemaReference(ref, at: pointer.appending("$ref")) }

        if let parts = node["allOf"] {
            return translateAllOf(node, parts: parts, at: pointer, name: name, qualifier: qualifier, nested: &nested)
        }

        for keyword in ["oneOf", "anyOf"] {
            guard let alternatives = node[keyword] else { continue }
            let type = translateOneOf(
                alternatives, at: pointer.appending(keyword), name: name, reference: reference,
                description: description, nested: &nested)
            if let discriminator = node["discriminator"], case .named = type {
                applyDiscriminator(discriminator, to: reference, in: &nested, at: pointer)
            }
            return node["nullable"]?.boolValue == true ? type.map(optionalized) : type
        }

        guard node["type"] != nil else { return .json }
        guard let (typeNames, nullable) = typeNames(node, at: pointer) else { return nil }
        guard typeNames.count == 1 else {
            report(pointer.appending("type"), "unsupported schema construct: several non-null types; use oneOf")
            return nil
        }
        let declared = Declared(name: name, qualifier: qualifier, reference: reference, description: description)
        let base = translate(typeNamed: typeNames[0], node, at: pointer, declared: declared, nested: &nested)
        if node["enum"] != nil && typeNames[0] != "string" {
            report(pointer.appending("enum"), "unsupported schema construct: enums must be strings")
        }
        guard let base else { return nil }
        return nullable || node["nullable"]?.boolValue == true ? optionalized(base) : base
    }

    /// An `allOf` as one flattened object named `name`.
    private mutating func translateAllOf(
        _ node: JSONNode, parts: JSONNode, at pointer: Pointer, name: String, qualifier: String?,
        nested: inout [TypeDeclaration]
    ) -> TypeRef? {
        let referenced = (parts.arrayValue ?? []).compactMap { $0["$ref"]?.stringValue }
        // Flattening copies the referenced schemas' properties inline; a part that refers back to a
        // schema being flattened would copy forever.
        guard !referenced.contains(where: flattening.contains), flattening.count < 32 else {
            unsupported(pointer.appending("allOf"), "an allOf that refers back to itself (a recursive schema)")
            return namespace == nil ? nil : .json
        }
        guard let flattened = flattenAllOf(node, parts: parts, at: pointer.appending("allOf")) else {
            return namespace == nil ? nil : .json
        }
        flattening += referenced
        defer { flattening.removeLast(referenced.count) }
        return translate(
            flattened, at: pointer, suggestedName: name, qualifier: qualifier, nested: &nested, isComponent: true)
    }

    /// Whether translating `node` declares a named type (an object with properties, an enum, a
    /// composition), whose name must then be unique in its scope.
    static func declaresType(_ node: JSONNode) -> Bool {
        ["properties", "enum", "oneOf", "anyOf", "allOf"].contains { node[$0] != nil }
    }

    /// How a schema's generated declaration is named and referred to.
    private struct Declared {
        var name: String
        var qualifier: String?
        var reference: String
        var description: String?
    }

    /// The type of a schema with one `type` name.
    private mutating func translate(
        typeNamed typeName: String, _ node: JSONNode, at pointer: Pointer, declared: Declared,
        nested: inout [TypeDeclaration]
    ) -> TypeRef? {
        switch typeName {
        case "string":
            guard let values = node["enum"] else { return .string }
            return translateEnum(
                values, at: pointer.appending("enum"), name: declared.name, reference: declared.reference,
                description: declared.description, nested: &nested)
        case "integer":
            switch node["format"]?.stringValue {
            case "int32": return .int32
            case "int64": return .int64
            default: return .int
            }
        case "number": return .double
        case "boolean": return .bool
        case "array":
            return translateArray(
                node, at: pointer, name: declared.name, qualifier: declared.qualifier, nested: &nested)
        case "object":
            return translateObject(
                node, at: pointer, name: declared.name, qualifier: declared.qualifier, reference: declared.reference,
                description: declared.description, nested: &nested)
        case let other:
            report(pointer.appending("type"), "unsupported schema type '\(other)'")
            return nil
        }
    }

    /// `type` as an optional (once).
    func optionalized(_ type: TypeRef) -> TypeRef {
        if case .optional = type { return type }
        return .optional(type)
    }

    private mutating func translateEnum(
        _ values: JSONNode, at pointer: Pointer, name: String, reference: String, description: String?,
        nested: inout [TypeDeclaration]
    ) -> TypeRef? {
        guard let items = values.arrayValue, !items.isEmpty, items.allSatisfy({ $0.stringValue != nil }) else {
            report(pointer, "expected a non-empty array of strings")
            return nil
        }
        // Repeated values would repeat a `case` label of the generated `switch`.
        let values = items.compactMap(\.stringValue).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        nested.append(.enumeration(EnumDeclaration(name: name, description: description, values: values)))
        return .named(reference)
    }

    private mutating func translateArray(
        _ node: JSONNode, at pointer: Pointer, name: String, qualifier: String?, nested: inout [TypeDeclaration]
    ) -> TypeRef? {
        let itemName = singular(name)
        if let items = node["items"] {
            guard
                let element = translate(
                    items, at: pointer.appending("items"), suggestedName: itemName, qualifier: qualifier,
                    nested: &nested)
            else { return nil }
            return .array(element)
        }
        if let prefix = node["prefixItems"] {
            guard let schemas = prefix.arrayValue, let first = schemas.first else {
                report(pointer.appending("prefixItems"), "expected a non-empty array of schemas")
                return nil
            }
            guard schemas.allSatisfy({ $0 == first }) else {
                report(
                    pointer.appending("prefixItems"), "unsupported schema construct: tuples of different item schemas")
                return nil
            }
            guard
                let element = translate(
                    first, at: pointer.appending("prefixItems").appending(0), suggestedName: itemName,
                    qualifier: qualifier, nested: &nested)
            else { return nil }
            return .array(element)
        }
        return .array(.json)
    }

    /// The names in an object schema's `required` list; reports a malformed list and undeclared names.
    private mutating func requiredProperties(
        _ list: JSONNode?, declared: [(key: String, value: JSONNode)], at pointer: Pointer
    ) -> Set<String> {
        guard let list else { return [] }
        guard let items = list.arrayValue, items.allSatisfy({ $0.stringValue != nil }) else {
            report(pointer, "expected an array of property names")
            return []
        }
        let required = Set(items.compactMap(\.stringValue))
        for name in required where !declared.contains(where: { $0.key == name }) {
            report(pointer, "required property '\(name)' is not declared in 'properties'")
        }
        return required
    }

    private mutating func translateObject(
        _ node: JSONNode, at pointer: Pointer, name: String, qualifier: String?, reference: String,
        description: String?,
        nested: inout [TypeDeclaration]
    ) -> TypeRef? {
        guard let properties = node["properties"] else {
            switch node["additionalProperties"] {
            case nil, .bool(true)?: return .map(.json)
            case let schema? where schema.objectMembers != nil:
                let value = translate(
                    schema, at: pointer.appending("additionalProperties"), suggestedName: singular(name) + "Value",
                    qualifier: qualifier, nested: &nested)
                return value.map { .map($0) }
            default:
                report(
                    pointer.appending("additionalProperties"),
                    "unsupported schema construct: an object without properties must allow additionalProperties")
                return nil
            }
        }
        guard let propertyMembers = properties.objectMembers else {
            report(pointer.appending("properties"), "expected an object of property schemas")
            return nil
        }
        let required = requiredProperties(
            node["required"], declared: propertyMembers, at: pointer.appending("required"))
        var inner: [TypeDeclaration] = []
        var result: [Property] = []
        var usedNames: Set<String> = []
        for member in propertyMembers {
            let propertyPointer = pointer.appending("properties").appending(member.key)
            var swiftName = propertyName(member.key)
            // `self.self = …`, `self.init = …` and `x.Type` would not mean the property.
            if ["self", "Self", "init", "deinit", "subscript", "Type", "Protocol"].contains(swiftName) {
                swiftName += "Value"
            }
            while usedNames.contains(swiftName) { swiftName += "_" }
            usedNames.insert(swiftName)
            guard
                var type = translate(
                    member.value, at: propertyPointer, suggestedName: upperCamel(member.key), qualifier: reference,
                    nested: &inner)
            else { continue }
            if !required.contains(member.key), case .optional = type {
            } else if !required.contains(member.key) {
                type = .optional(type)
            }
            result.append(
                Property(
                    jsonName: member.key, swiftName: swiftName, type: type,
                    description: member.value["description"]?.stringValue))
        }
        nested.append(
            .object(ObjectDeclaration(name: name, description: description, properties: result, nested: inner)))
        return .named(reference)
    }
}
