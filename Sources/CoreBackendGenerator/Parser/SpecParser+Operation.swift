extension SpecParser {
    private static let operationFields: Set<String> = [
        "operationId", "summary", "description", "parameters", "responses", "tags", "deprecated", "externalDocs",
        "x-query-key", "x-stale-time", "x-gc-time", "x-empty-input", "x-pagination", "x-fetch-returns-nil-on-error",
    ]

    mutating func parseOperation(_ node: JSONNode, path: String, at pointer: Pointer) -> Operation? {
        guard let members = node.objectMembers else {
            report(pointer, "expected an operation object, found \(node.kindName)")
            return nil
        }
        for member in members where !Self.operationFields.contains(member.key) {
            let kind = member.key.hasPrefix("x-") ? "unknown extension" : "unsupported operation field"
            report(pointer.appending(member.key), "\(kind) '\(member.key)'")
        }
        guard let id = string(node["operationId"], at: pointer.appending("operationId")) else { return nil }
        guard isTypeName(id) else {
            report(
                pointer.appending("operationId"),
                "operationId '\(id)' must be an UpperCamelCase Swift name such as V2ActiveNetworks")
            return nil
        }
        var parameters: [Parameter] = []
        let parametersPointer = pointer.appending("parameters")
        if let list = node["parameters"] {
            if let items = list.arrayValue {
                for (index, item) in items.enumerated() {
                    if let parameter = parseParameter(item, operationId: id, at: parametersPointer.appending(index)) {
                        parameters.append(parameter)
                    }
                }
            } else {
                report(parametersPointer, "expected an array of parameters, found \(list.kindName)")
            }
        }
        let (response, examples) = parseResponse(node["responses"], operationId: id, at: pointer.appending("responses"))
        let queryKey = parseKeyTemplateRoot(node["x-query-key"], at: pointer.appending("x-query-key"))
        let staleTime = timeName(
            node["x-stale-time"], names: Self.staleTimeNames, kind: "stale time", at: pointer.appending("x-stale-time"))
        let gcTime = timeName(
            node["x-gc-time"], names: Self.gcTimeNames, kind: "gc time", at: pointer.appending("x-gc-time"))
        let emptyInput = parseEmptyInput(node["x-empty-input"], at: pointer.appending("x-empty-input"))
        let pagination = parsePagination(node["x-pagination"], at: pointer.appending("x-pagination"))
        let returnsNil = bool(
            node["x-fetch-returns-nil-on-error"], at: pointer.appending("x-fetch-returns-nil-on-error"))
        guard let response, let queryKey, let staleTime, let gcTime else { return nil }
        return Operation(
            id: id, summary: node["summary"]?.stringValue, description: node["description"]?.stringValue, path: path,
            parameters: parameters, response: response, examples: examples, queryKey: queryKey, staleTime: staleTime,
            gcTime: gcTime, emptyInput: emptyInput, pagination: pagination, returnsNilOnError: returnsNil,
            pointer: pointer)
    }

    private mutating func timeName(_ node: JSONNode?, names: Set<String>, kind: String, at pointer: Pointer) -> String?
    {
        guard let name = string(node, at: pointer) else { return nil }
        guard names.contains(name) else {
            report(pointer, "unknown \(kind) '\(name)'; expected one of \(names.sorted().joined(separator: ", "))")
            return nil
        }
        return name
    }

    private mutating func parseResponse(_ node: JSONNode?, operationId: String, at pointer: Pointer)
        -> (TypeRef?, [(name: String, value: JSONNode)])
    {
        let okPointer = pointer.appending("200")
        guard let ok = node?["200"] else {
            report(okPointer, "missing response: every operation needs a '200' response")
            return (nil, [])
        }
        let mediaPointer = okPointer.appending("content").appending("application/json")
        guard let media = ok["content"]?["application/json"] else {
            report(mediaPointer, "missing response schema: expected content 'application/json'")
            return (nil, [])
        }
        guard let schema = media["schema"] else {
            report(mediaPointer.appending("schema"), "missing response schema")
            return (nil, [])
        }
        var nested: [TypeDeclaration] = []
        let type = translate(
            schema, at: mediaPointer.appending("schema"), suggestedName: operationId + "Response", qualifier: nil,
            nested: &nested)
        extraTypes += nested
        var examples: [(name: String, value: JSONNode)] = []
        let examplesPointer = mediaPointer.appending("examples")
        for member in media["examples"]?.objectMembers ?? [] {
            guard let value = member.value["value"] else {
                report(examplesPointer.appending(member.key), "example '\(member.key)' has no 'value'")
                continue
            }
            examples.append((member.key, value))
        }
        if examples.isEmpty {
            report(
                examplesPointer,
                "missing response example: add at least one entry to 'examples' (the mock backend serves it)")
        }
        return (type, examples)
    }
}
