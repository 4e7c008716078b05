extension SpecParser {
    private static let parameterFields: Set<String> = [
        "name", "in", "required", "description", "schema", "style", "explode", "deprecated", "example", "examples",
        "allowEmptyValue", "allowReserved",
        "x-name", "x-argument", "x-send-default", "x-key-sorted", "x-transform",
    ]

    /// What became of one parameter.
    enum ParameterResult {
        case parameter(Parameter)
        /// Skipped with a warning (a cookie parameter) or reported.
        case skipped
        /// Not sendable as declared: the whole operation is skipped (warned).
        case skipOperation
    }

    /// A parameter, `$ref` to `components/parameters` followed.
    mutating func parseParameter(_ node: JSONNode, operationId: String, at pointer: Pointer) -> ParameterResult {
        guard let (target, targetPointer) = resolved(node, section: "parameters", at: pointer) else { return .skipped }
        if let location = target["in"]?.stringValue, location == "cookie" {
            let name = target["name"]?.stringValue ?? "?"
            warn(targetPointer, "unsupported construct: cookie parameter '\(name)' of \(operationId); skipped")
            return .skipped
        }
        if let style = target["style"]?.stringValue, !["form", "simple"].contains(style) {
            let name = target["name"]?.stringValue ?? "?"
            warn(
                targetPointer.appending("style"),
                "unsupported parameter style '\(style)' of '\(name)' in \(operationId); operation skipped")
            return .skipOperation
        }
        if target["content"] != nil {
            warn(
                targetPointer.appending("content"),
                "unsupported construct: parameter 'content' in \(operationId); operation skipped")
            return .skipOperation
        }
        return parseParameterObject(target, operationId: operationId, at: targetPointer).map { .parameter($0) }
            ?? .skipped
    }

    private mutating func parseParameterObject(_ node: JSONNode, operationId: String, at pointer: Pointer) -> Parameter?
    {
        guard let members = node.objectMembers else {
            report(pointer, "expected a parameter object, found \(node.kindName)")
            return nil
        }
        for member in members where !Self.parameterFields.contains(member.key) {
            let kind = member.key.hasPrefix("x-") ? "unknown extension" : "unsupported parameter field"
            report(pointer.appending(member.key), "\(kind) '\(member.key)'")
        }
        guard let wireName = string(node["name"], at: pointer.appending("name")),
            let locationName = string(node["in"], at: pointer.appending("in"))
        else { return nil }
        guard let location = Parameter.Location(rawValue: locationName) else {
            report(
                pointer.appending("in"),
                "unsupported parameter location '\(locationName)'; expected 'path', 'query' or 'header'")
            return nil
        }
        var swiftName = wireName
        if let renamed = node["x-name"] {
            swiftName = string(renamed, at: pointer.appending("x-name")) ?? wireName
        }
        if namespace != nil && node["x-name"] == nil { swiftName = plainParameterName(wireName) }
        guard isIdentifier(swiftName) else {
            report(
                pointer.appending(node["x-name"] == nil ? "name" : "x-name"),
                "'\(swiftName)' is not a valid Swift identifier; add 'x-name'")
            return nil
        }
        let isRequired = bool(node["required"], at: pointer.appending("required"))
        if location == .path && !isRequired {
            report(pointer.appending("required"), "path parameters must be required")
        }
        guard let schema = node["schema"] else {
            report(pointer.appending("schema"), "missing parameter schema")
            return nil
        }
        var nested: [TypeDeclaration] = []
        let type = translate(
            schema, at: pointer.appending("schema"), suggestedName: operationId + upperCamel(swiftName), qualifier: nil,
            nested: &nested)
        extraTypes += nested
        guard let type else { return nil }
        guard sendable(type, location: location, wireName: wireName, nested: nested, at: pointer) else {
            return nil
        }
        let extensions = parameterExtensions(node, location: location, isRequired: isRequired, type: type, at: pointer)
        return Parameter(
            wireName: wireName, swiftName: swiftName, location: location, isRequired: isRequired,
            isArgument: extensions.isArgument,
            type: type, sentDefault: extensions.sentDefault, isKeySorted: extensions.isKeySorted,
            transform: extensions.transform, description: node["description"]?.stringValue, pointer: pointer,
            explode: location == .query && node["explode"]?.boolValue != false)
    }

    /// Whether the generator can send a parameter of `type`: a scalar, a string enum or an alias of a
    /// scalar, or (not in a path) an array of those. Anything else (objects, maps, arrays in paths, schemas
    /// without a type, nullable schemas) is an error in a spec with `x-client`; in a plain document a
    /// warning that skips the operation (``skipsOperation``).
    private mutating func sendable(
        _ type: TypeRef, location: Parameter.Location, wireName: String, nested: [TypeDeclaration],
        at pointer: Pointer
    ) -> Bool {
        let problem: String?
        switch type {
        case .array where location == .path:
            problem = "array path parameters"
        case .array(let element):
            problem = isScalarParameter(element, nested: nested) ? nil : "arrays of objects as parameters"
        case .map:
            problem = "object-valued parameters"
        case .json:
            problem = "a parameter schema needs a type"
        default:
            problem = isScalarParameter(type, nested: nested) ? nil : "parameters that are not a scalar or an array"
        }
        guard let problem else { return true }
        if namespace == nil {
            report(pointer.appending("schema"), "unsupported construct: \(problem)")
        } else {
            warn(pointer.appending("schema"), "unsupported construct: \(problem) ('\(wireName)'); operation skipped")
            skipsOperation = true
        }
        return false
    }

    /// A scalar type, an inline string enum, or a component schema that is a scalar (enum or alias).
    private func isScalarParameter(_ type: TypeRef, nested: [TypeDeclaration]) -> Bool {
        switch type {
        case .string, .int, .int32, .int64, .double, .bool: return true
        case .named(let name):
            if nested.contains(where: { if case .enumeration = $0 { name.hasSuffix($0.name) } else { false } }) {
                return true
            }
            let component = document["components"]?["schemas"]?.objectMembers?
                .first { qualified(schemaTypeName($0.key)) == name }?.value
            guard let schemaType = component?["type"]?.stringValue, component?["properties"] == nil,
                component?["nullable"]?.boolValue != true
            else { return false }
            return ["string", "integer", "number", "boolean"].contains(schemaType)
        default: return false
        }
    }

    /// What a parameter's `x-` extensions say, each checked against the parameter it is on.
    private mutating func parameterExtensions(
        _ node: JSONNode, location: Parameter.Location, isRequired: Bool, type: TypeRef, at pointer: Pointer
    ) -> (isArgument: Bool, sentDefault: JSONNode?, isKeySorted: Bool, transform: Parameter.Transform?) {
        let isArgument: Bool
        if let flag = node["x-argument"] {
            isArgument = bool(flag, at: pointer.appending("x-argument"))
            if location == .path && !isArgument {
                report(pointer.appending("x-argument"), "bad extension value: path parameters are always arguments")
            }
        } else {
            isArgument = location == .path || isRequired
        }
        var sentDefault: JSONNode?
        if bool(node["x-send-default"], at: pointer.appending("x-send-default")) {
            if let value = node["schema"]?["default"], isScalar(value) {
                sentDefault = value
            } else {
                report(
                    pointer.appending("x-send-default"),
                    "bad extension value: x-send-default needs a scalar 'schema.default'")
            }
        }
        let isKeySorted = bool(node["x-key-sorted"], at: pointer.appending("x-key-sorted"))
        if isKeySorted, case .array = type {
        } else if isKeySorted {
            report(
                pointer.appending("x-key-sorted"), "bad extension value: only array parameters can be sorted in the key"
            )
        }
        var transform: Parameter.Transform?
        if let node = node["x-transform"] {
            let name = string(node, at: pointer.appending("x-transform")) ?? ""
            transform = Parameter.Transform(rawValue: name)
            if transform == nil {
                report(
                    pointer.appending("x-transform"), "bad extension value '\(name)'; expected 'hexChainIdToDecimal'")
            } else if type != .string {
                report(
                    pointer.appending("x-transform"),
                    "bad extension value: hexChainIdToDecimal needs a string parameter")
            }
        }
        return (isArgument, sentDefault, isKeySorted, transform)
    }

    private func isScalar(_ node: JSONNode) -> Bool {
        switch node {
        case .string, .number, .bool: true
        default: false
        }
    }

    /// A plain document's parameter name in Swift: the wire name when it is an identifier, otherwise
    /// lowerCamel; `Parameter` is appended to keywords and to the names generated methods use themselves
    /// (labels such as `options` and `body`, locals such as `requester` and `query`).
    private func plainParameterName(_ wireName: String) -> String {
        // Not `String` or `Any`: a capitalised label could hide a type the signature uses.
        let name = isIdentifier(wireName) && wireName.first?.isLowercase == true ? wireName : propertyName(wireName)
        return isIdentifier(name) && !Self.generatedNames.contains(name) ? name : name + "Parameter"
    }

    /// Labels and locals of generated methods, which a parameter must not shadow.
    private static let generatedNames: Set<String> = [
        "options", "queryOptions", "body", "requester", "query", "headers", "value", "error", "arguments", "params",
        "page", "pageParam", "initialPageParam", "self",
    ]
}
