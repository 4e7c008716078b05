import CoreBackendCacheTimes

/// Turns a parsed JSON document into an ``APISpec``, collecting a diagnostic for every construct it does
/// not understand instead of guessing. Pure: no I/O.
struct SpecParser {
    let file: String
    var diagnostics: [Diagnostic] = []
    /// Constructs skipped because the generator does not support them; the document still generates.
    var warnings: [Diagnostic] = []
    /// The enum schemas are generated in; `nil` for documents with `x-client` (see ``APISpec/namespace``).
    var namespace: String?
    /// The file stem, e.g. `petstore-expanded`: the first element of default query keys.
    var stem: String { Generator.apiName(forFile: file) }
    /// The document, for `$ref`s to `components/parameters`, `responses` and `requestBodies`.
    var document: JSONNode = .null
    /// Every `$ref` seen, for the validator's unknown-reference check.
    var references: [(name: String, pointer: Pointer)] = []
    /// Types created for inline parameter and response schemas.
    var extraTypes: [TypeDeclaration] = []
    /// The `$ref`s of the `allOf`s being flattened, innermost last (to stop at a cycle).
    var flattening: [String] = []
    /// Set when a parameter cannot be sent and its operation is skipped (plain documents).
    var skipsOperation = false
    /// The type names declared in each scope (`""`: the top level, with the schemas; else the enclosing
    /// type's reference), so an inline type never reuses one.
    var declaredNames: [String: Set<String>] = [:]
    /// Plain documents: each Swift operation name given so far, and the `operationId` (or method and
    /// path) it was made from, so two ids that differ only in spelling (`get-pet`, `getPet`) get two names.
    var operationNames: [String: String] = [:]

    /// The names a spec's `x-stale-time` may use: those of the one ``StaleTime`` table.
    static let staleTimeNames = Set(StaleTime.byName.keys)
    /// The names a spec's `x-gc-time` may use: those of the one ``GCTime`` table.
    static let gcTimeNames = Set(GCTime.byName.keys)

    init(file: String) { self.file = file }

    mutating func report(_ pointer: Pointer, _ message: String) {
        diagnostics.append(Diagnostic(file: file, location: pointer.description, message: message))
    }

    /// An unsupported construct: an error in a spec with `x-client`, a warning (the schema typed
    /// `JSONValue`) in a plain document.
    mutating func unsupported(_ pointer: Pointer, _ what: String) {
        if namespace == nil {
            report(pointer, "unsupported schema construct: \(what)")
        } else {
            warn(pointer, "unsupported schema construct: \(what); typed as JSONValue")
        }
    }

    /// Records a skipped construct: `unsupported: <what>; skipped`.
    mutating func warn(_ pointer: Pointer, _ message: String) {
        warnings.append(Diagnostic(file: file, location: pointer.description, message: "warning: " + message))
    }

    private static let topLevelFields: Set<String> = [
        "openapi", "info", "servers", "paths", "components", "x-client", "tags", "security", "externalDocs",
        "jsonSchemaDialect", "webhooks",
    ]

    mutating func parse(_ root: JSONNode) -> APISpec? {
        guard let members = root.objectMembers else {
            report(.root, "expected an OpenAPI document object, found \(root.kindName)")
            return nil
        }
        document = root
        let version = root["openapi"]?.stringValue ?? ""
        if !version.hasPrefix("3.1") && !version.hasPrefix("3.0") {
            report(Pointer.root.appending("openapi"), "expected OpenAPI version 3.0.x or 3.1.x, found '\(version)'")
        }
        for member in members where !Self.topLevelFields.contains(member.key) {
            report(Pointer.root.appending(member.key), "unsupported top-level field '\(member.key)'")
        }
        if root["webhooks"] != nil {
            warn(
                Pointer.root.appending("webhooks"), "unsupported construct 'webhooks' (requests the API sends); skipped"
            )
        }
        let title = root["info"]?["title"]?.stringValue ?? file
        let baseURL = parseBaseURL(root)
        let clientPointer = Pointer.root.appending("x-client")
        let clientName: String
        if root["x-client"] == nil {
            let schemaNames = (root["components"]?["schemas"]?.objectMembers ?? []).map { typeName($0.key) }
            // A schema named like the namespace would hide it inside the namespace.
            namespace = upperCamel(stem) + (schemaNames.contains(upperCamel(stem)) ? "API" : "")
            clientName = upperCamel(stem) + "Client"
        } else {
            clientName = string(root["x-client"]?["name"], at: clientPointer.appending("name")) ?? "ApiClient"
        }
        let invalidators = parseInvalidators(
            root["x-client"]?["invalidators"], at: clientPointer.appending("invalidators"))
        declaredNames[""] = Set((root["components"]?["schemas"]?.objectMembers ?? []).map { schemaTypeName($0.key) })
        let types = parseComponentSchemas(root)
        guard let operations = parseOperations(root).map(uniqueWriteNames) else { return nil }
        return APISpec(
            file: file, title: title, clientName: clientName, baseURL: baseURL, namespace: namespace,
            invalidators: invalidators, operations: operations, types: types + extraTypes)
    }

    private mutating func parseComponentSchemas(_ root: JSONNode) -> [TypeDeclaration] {
        var types: [TypeDeclaration] = []
        let schemasPointer = Pointer.root.appending("components").appending("schemas")
        for member in root["components"]?["schemas"]?.objectMembers ?? [] {
            let pointer = schemasPointer.appending(member.key)
            guard namespace != nil || isTypeName(member.key) else {
                report(pointer, "schema name '\(member.key)' is not a valid Swift type name")
                continue
            }
            types += componentDeclarations(named: schemaTypeName(member.key), member.value, at: pointer)
        }
        return types
    }

    /// Every operation of `paths`, in document order; `nil` when `paths` is malformed (3.1 documents may
    /// have none).
    private mutating func parseOperations(_ root: JSONNode) -> [Operation]? {
        let pathsPointer = Pointer.root.appending("paths")
        guard let pathsNode = root["paths"] else {
            if root["webhooks"] == nil && root["components"] == nil {
                report(pathsPointer, "expected a 'paths' object")
            }
            return root["webhooks"] == nil && root["components"] == nil ? nil : []
        }
        guard let paths = pathsNode.objectMembers else {
            report(pathsPointer, "expected a 'paths' object")
            return nil
        }
        var operations: [Operation] = []
        for pathItem in paths {
            let pathPointer = pathsPointer.appending(pathItem.key)
            guard pathItem.key.hasPrefix("/") else {
                report(pathPointer, "path must start with '/'")
                continue
            }
            operations += parsePathItem(pathItem.value, path: pathItem.key, at: pathPointer)
        }
        return operations
    }

    mutating func string(_ node: JSONNode?, at pointer: Pointer) -> String? {
        guard let node else {
            report(pointer, "missing required string")
            return nil
        }
        guard let value = node.stringValue else {
            report(pointer, "expected a string, found \(node.kindName)")
            return nil
        }
        return value
    }

    mutating func bool(_ node: JSONNode?, at pointer: Pointer) -> Bool {
        guard let node else { return false }
        guard let value = node.boolValue else {
            report(pointer, "expected true or false, found \(node.kindName)")
            return false
        }
        return value
    }

    private mutating func parseInvalidators(_ node: JSONNode?, at pointer: Pointer) -> [Invalidator] {
        guard let node else { return [] }
        guard let items = node.arrayValue else {
            report(pointer, "expected an array of invalidators, found \(node.kindName)")
            return []
        }
        var result: [Invalidator] = []
        for (index, item) in items.enumerated() {
            let itemPointer = pointer.appending(index)
            guard let name = string(item["name"], at: itemPointer.appending("name")) else { continue }
            guard isIdentifier(name) else {
                report(itemPointer.appending("name"), "'\(name)' is not a valid Swift method name")
                continue
            }
            guard let key = item["queryKey"]?.arrayValue, !key.isEmpty,
                key.allSatisfy({ $0.stringValue != nil })
            else {
                report(itemPointer.appending("queryKey"), "expected a non-empty array of strings")
                continue
            }
            result.append(
                Invalidator(
                    name: name, queryKey: key, description: item["description"]?.stringValue, pointer: itemPointer))
        }
        return result
    }
}

/// Writes renamed where their lowerCamel name is taken by another member of the client (`call`,
/// `fetchX` of a read, another write): `<name>Operation`, then numbered.
func uniqueWriteNames(_ operations: [Operation]) -> [Operation] {
    var taken: Set<String> = [
        "call", "requester", "queryClient", "configuration", "invalidateAuthToken", "operations", "defaultBaseURL",
        "self", "Self", "init", "deinit", "subscript", "super", "Type", "Protocol",
    ]
    for operation in operations where operation.isRead {
        taken.formUnion(["fetch" + operation.id, "get" + operation.id + "QueryOptions"])
        if let pagination = operation.pagination { taken.insert("get" + pagination.operationId + "QueryOptions") }
    }
    return operations.map { operation in
        guard !operation.isRead else { return operation }
        var renamed = operation
        var name = lowerCamel(operation.id)
        if taken.contains(name) { name += "Operation" }
        renamed.writeName = uniqueName(name, avoiding: &taken)
        return renamed
    }
}
