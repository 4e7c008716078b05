extension SpecParser {
    mutating func parseKeyTemplateRoot(_ node: JSONNode?, at pointer: Pointer) -> KeyTemplate? {
        guard let node else {
            report(pointer, "missing x-query-key: every operation needs a cache-key template")
            return nil
        }
        guard let items = node.arrayValue, !items.isEmpty else {
            report(pointer, "bad extension value: x-query-key must be a non-empty array, found \(node.kindName)")
            return nil
        }
        if items.first?.stringValue == nil || items.first?.stringValue?.hasPrefix("$") == true {
            report(
                pointer.appending(0),
                "bad extension value: a query key starts with a literal domain string such as \"accounts\"")
        }
        return parseKeyTemplate(node, at: pointer)
    }

    mutating func parseKeyTemplate(_ node: JSONNode, at pointer: Pointer) -> KeyTemplate? {
        switch node {
        case .string(let text) where text == "$options":
            return .options
        case .string(let text) where text.hasPrefix("$"):
            let name = String(text.dropFirst())
            guard isIdentifier(name) else {
                report(pointer, "bad extension value: '\(text)' does not name a parameter")
                return nil
            }
            return .parameter(name)
        case .string, .number, .bool, .null:
            return .literal(node)
        case .array(let items):
            var templates: [KeyTemplate] = []
            for (index, item) in items.enumerated() {
                if let template = parseKeyTemplate(item, at: pointer.appending(index)) { templates.append(template) }
            }
            return .array(templates)
        case .object(let members):
            var result: [KeyMember] = []
            for member in members {
                if let template = parseKeyTemplate(member.value, at: pointer.appending(member.key)) {
                    result.append(KeyMember(name: member.key, value: template))
                }
            }
            return .object(result)
        }
    }

    mutating func parseEmptyInput(_ node: JSONNode?, at pointer: Pointer) -> EmptyInput? {
        guard let node else { return nil }
        guard node.objectMembers != nil else {
            report(pointer, "bad extension value: expected {\"parameter\": …, \"value\": …}, found \(node.kindName)")
            return nil
        }
        guard let parameter = string(node["parameter"], at: pointer.appending("parameter")) else { return nil }
        guard let value = node["value"] else {
            report(pointer.appending("value"), "bad extension value: missing the fixed 'value'")
            return nil
        }
        return EmptyInput(parameter: parameter, value: value, pointer: pointer)
    }

    mutating func parsePagination(_ node: JSONNode?, at pointer: Pointer) -> Pagination? {
        guard let node else { return nil }
        guard node.objectMembers != nil else {
            report(pointer, "bad extension value: expected a pagination object, found \(node.kindName)")
            return nil
        }
        let id = string(node["operationId"], at: pointer.appending("operationId"))
        let page = string(node["pageParameter"], at: pointer.appending("pageParameter"))
        let next = string(node["nextPageParam"], at: pointer.appending("nextPageParam"))
        var hasNext: String?
        if let flag = node["hasNextPage"] { hasNext = string(flag, at: pointer.appending("hasNextPage")) }
        var excluded: [String] = []
        if let list = node["excludeParameters"] {
            if let items = list.arrayValue, items.allSatisfy({ $0.stringValue != nil }) {
                excluded = items.compactMap(\.stringValue)
            } else {
                report(
                    pointer.appending("excludeParameters"), "bad extension value: expected an array of parameter names")
            }
        }
        let key = parseKeyTemplateRoot(node["queryKey"], at: pointer.appending("queryKey"))
        for (name, value) in [("nextPageParam", next), ("hasNextPage", hasNext)] {
            if let value, !value.hasPrefix("/") {
                report(
                    pointer.appending(name),
                    "bad extension value: '\(value)' is not a JSON pointer such as /pageInfo/endCursor")
            }
        }
        guard let id, let page, let next, let key else { return nil }
        guard isTypeName(id) else {
            report(pointer.appending("operationId"), "operationId '\(id)' must be an UpperCamelCase Swift name")
            return nil
        }
        return Pagination(
            operationId: id, pageParameter: page, nextPageParam: next, hasNextPage: hasNext,
            excludedParameters: excluded,
            queryKey: key, pointer: pointer)
    }
}
