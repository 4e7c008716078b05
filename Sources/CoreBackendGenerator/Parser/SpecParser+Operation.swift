extension SpecParser {
    private static let operationFields: Set<String> = [
        "operationId", "summary", "description", "parameters", "responses", "tags", "deprecated", "externalDocs",
        "requestBody", "security", "servers", "callbacks",
        "x-query-key", "x-stale-time", "x-gc-time", "x-empty-input", "x-pagination", "x-fetch-returns-nil-on-error",
        "x-invalidates", "x-retry",
    ]
    private static let pathItemFields: Set<String> = ["parameters", "summary", "description", "servers"]

    /// The operations of one path item; path-level `parameters` apply to each.
    mutating func parsePathItem(_ node: JSONNode, path: String, at pointer: Pointer) -> [Operation] {
        guard let members = node.objectMembers else {
            report(pointer, "expected a path item object, found \(node.kindName)")
            return []
        }
        var result: [Operation] = []
        for member in members {
            let memberPointer = pointer.appending(member.key)
            if let method = Operation.Method(rawValue: member.key) {
                let context = OperationContext(method: method, path: path, shared: node["parameters"], at: pointer)
                if let operation = parseOperation(member.value, context, at: memberPointer) {
                    result.append(operation)
                }
            } else if ["head", "options", "trace"].contains(member.key) {
                warn(memberPointer, "unsupported operation '\(member.key)' of \(path); skipped")
            } else if member.key == "$ref" {
                warn(memberPointer, "unsupported construct: path item '$ref' at \(path); skipped")
            } else if !Self.pathItemFields.contains(member.key) && !member.key.hasPrefix("x-") {
                report(memberPointer, "unsupported path item field '\(member.key)'")
            }
        }
        return result
    }

    /// Where an operation sits: its method, path and the path item's parameters.
    struct OperationContext {
        var method: Operation.Method
        var path: String
        var shared: JSONNode?
        var at: Pointer
    }

    /// The Swift operation name: the `operationId` as it is when it is an UpperCamel name, otherwise in
    /// UpperCamel (documents without `x-client`); without one, from the method and path (`PostStreams`).
    /// In a document without `x-client`, a name that an earlier operation already got from another spelling
    /// (`getPet` after `get-pet`) is numbered (`GetPet2`) with a warning; the same `operationId` twice stays
    /// an error (the validator's).
    private mutating func operationName(_ node: JSONNode, method: Operation.Method, path: String, at pointer: Pointer)
        -> String?
    {
        let source: String
        let name: String
        if let raw = node["operationId"] {
            guard let id = string(raw, at: pointer.appending("operationId")) else { return nil }
            if namespace == nil && isTypeName(id) { return id }
            guard namespace != nil, !upperCamel(id).isEmpty else {
                report(
                    pointer.appending("operationId"),
                    "operationId '\(id)' must be an UpperCamelCase Swift name such as V2ActiveNetworks")
                return nil
            }
            (source, name) = (id, isTypeName(id) ? id : upperCamel(id))
        } else {
            guard namespace != nil else { return string(nil, at: pointer.appending("operationId")) }
            (source, name) = ("\(method.rawValue) \(path)", upperCamel(method.rawValue + " " + path))
        }
        guard let earlier = operationNames[name], earlier != source else {
            operationNames[name] = source
            return name
        }
        var taken = Set(operationNames.keys)
        let numbered = uniqueName(name, avoiding: &taken)
        operationNames[numbered] = source
        warn(
            node["operationId"] == nil ? pointer : pointer.appending("operationId"),
            "'\(source)' would be named \(name) like '\(earlier)'; generated as \(numbered)")
        return numbered
    }

    mutating func parseOperation(_ node: JSONNode, _ context: OperationContext, at pointer: Pointer) -> Operation? {
        guard let members = node.objectMembers else {
            report(pointer, "expected an operation object, found \(node.kindName)")
            return nil
        }
        for member in members where !Self.operationFields.contains(member.key) {
            let kind = member.key.hasPrefix("x-") ? "unknown extension" : "unsupported operation field"
            report(pointer.appending(member.key), "\(kind) '\(member.key)'")
        }
        guard let id = operationName(node, method: context.method, path: context.path, at: pointer) else { return nil }
        if node["callbacks"] != nil {
            warn(pointer.appending("callbacks"), "unsupported construct 'callbacks' of \(id); skipped")
        }
        guard let parameters = parseOperationParameters(node, context, operationId: id, at: pointer),
            let response = parseResponses(
                node["responses"], operationId: id, isRead: context.method == .get, at: pointer)
        else { return nil }
        var operation = Operation(
            id: id, method: context.method, errorResponse: response.error, summary: node["summary"]?.stringValue,
            description: node["description"]?.stringValue, path: context.path, parameters: parameters,
            response: response.type, examples: response.examples, queryKey: .array([]), staleTime: "default",
            gcTime: "default", emptyInput: nil, pagination: nil, returnsNilOnError: false, pointer: pointer,
            namespace: namespace)
        if context.method == .get {
            guard parseReadExtensions(node, into: &operation, at: pointer) else { return nil }
        } else {
            guard parseWriteExtensions(node, into: &operation, at: pointer) else { return nil }
        }
        return operation
    }

    /// The path item's parameters, then the operation's (an operation's parameter replaces a path item's of
    /// the same name and location); `nil` when the operation is skipped.
    private mutating func parseOperationParameters(
        _ node: JSONNode, _ context: OperationContext, operationId id: String, at pointer: Pointer
    ) -> [Parameter]? {
        var parameters: [Parameter] = []
        var skip = false
        let lists = [
            (context.shared, context.at.appending("parameters")), (node["parameters"], pointer.appending("parameters")),
        ]
        for (list, listPointer) in lists {
            guard let list else { continue }
            guard let items = list.arrayValue else {
                report(listPointer, "expected an array of parameters, found \(list.kindName)")
                continue
            }
            for (index, item) in items.enumerated() {
                switch parseParameter(item, operationId: id, at: listPointer.appending(index)) {
                case .parameter(let parameter):
                    parameters.removeAll { $0.wireName == parameter.wireName && $0.location == parameter.location }
                    parameters.append(parameter)
                case .skipOperation: skip = true
                case .skipped: break
                }
                if skipsOperation {
                    skip = true
                    skipsOperation = false
                }
            }
        }
        return skip ? nil : parameters
    }

    /// `x-query-key` (default `[<file stem>, <operation lowerCamel>, {<every parameter>}]`), `x-stale-time`
    /// and `x-gc-time` (default `default`), and the optional read extensions.
    private mutating func parseReadExtensions(_ node: JSONNode, into operation: inout Operation, at pointer: Pointer)
        -> Bool
    {
        if node["requestBody"] != nil {
            warn(pointer.appending("requestBody"), "a request body on GET \(operation.path) is not sent; skipped")
        }
        let key: KeyTemplate?
        if let template = node["x-query-key"] {
            key = parseKeyTemplateRoot(template, at: pointer.appending("x-query-key"))
        } else {
            let members = operation.parameters.map { KeyMember(name: $0.swiftName, value: .parameter($0.swiftName)) }
            key = .array([.literal(.string(stem)), .literal(.string(lowerCamel(operation.id))), .object(members)])
        }
        let staleTime = timeName(
            node["x-stale-time"], names: Self.staleTimeNames, kind: "stale time", at: pointer.appending("x-stale-time"))
        let gcTime = timeName(
            node["x-gc-time"], names: Self.gcTimeNames, kind: "gc time", at: pointer.appending("x-gc-time"))
        operation.emptyInput = parseEmptyInput(node["x-empty-input"], at: pointer.appending("x-empty-input"))
        operation.pagination = parsePagination(node["x-pagination"], at: pointer.appending("x-pagination"))
        operation.returnsNilOnError = bool(
            node["x-fetch-returns-nil-on-error"], at: pointer.appending("x-fetch-returns-nil-on-error"))
        guard let key, let staleTime, let gcTime else { return false }
        operation.queryKey = key
        operation.staleTime = staleTime
        operation.gcTime = gcTime
        return true
    }

    /// A write's JSON body, `x-invalidates` and `x-retry`; read-only extensions are reported.
    private mutating func parseWriteExtensions(_ node: JSONNode, into operation: inout Operation, at pointer: Pointer)
        -> Bool
    {
        for name in ["x-query-key", "x-stale-time", "x-gc-time", "x-empty-input", "x-pagination"]
        where node[name] != nil {
            report(pointer.appending(name), "bad extension value: '\(name)' applies to GET operations only")
        }
        // A write has no options struct: every parameter is a labelled argument.
        for index in operation.parameters.indices { operation.parameters[index].isArgument = true }
        operation.retries = bool(node["x-retry"], at: pointer.appending("x-retry"))
        operation.invalidates = parseInvalidates(node["x-invalidates"], at: pointer.appending("x-invalidates"))
        if let body = node["requestBody"] {
            guard let parsed = parseRequestBody(body, operationId: operation.id, at: pointer.appending("requestBody"))
            else { return false }
            operation.requestBody = parsed
        }
        return true
    }

    /// `x-invalidates`: an array of key prefixes, each a non-empty array of literals.
    private mutating func parseInvalidates(_ node: JSONNode?, at pointer: Pointer) -> [[JSONNode]] {
        guard let node else { return [] }
        guard let prefixes = node.arrayValue else {
            report(pointer, "bad extension value: expected an array of key prefixes such as [[\"pets\"]]")
            return []
        }
        var result: [[JSONNode]] = []
        for (index, prefix) in prefixes.enumerated() {
            guard let items = prefix.arrayValue, !items.isEmpty,
                items.allSatisfy({ if case .string = $0 { true } else if case .number = $0 { true } else { false } })
            else {
                report(
                    pointer.appending(index),
                    "bad extension value: a key prefix is a non-empty array of strings or numbers")
                continue
            }
            result.append(items)
        }
        return result
    }

    private mutating func timeName(_ node: JSONNode?, names: Set<String>, kind: String, at pointer: Pointer) -> String?
    {
        guard let node else { return "default" }
        guard let name = string(node, at: pointer) else { return nil }
        guard names.contains(name) else {
            report(pointer, "unknown \(kind) '\(name)'; expected one of \(names.sorted().joined(separator: ", "))")
            return nil
        }
        return name
    }
}
