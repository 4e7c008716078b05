/// How generated code reads a parameter's value in one context: plain methods read arguments and
/// `queryOptions?.field`; infinite-query builders read `params.field`.
struct ValueSource: Sendable {
    let read: @Sendable (Parameter) -> (expression: String, isOptional: Bool)

    /// Arguments by name, option fields through the optional `queryOptions` struct.
    static let plain = ValueSource { parameter in
        if parameter.isArgument {
            return (escaped(parameter.swiftName), argumentIsOptional(parameter))
        }
        if let value = parameter.sentDefault {
            return ("(queryOptions?.\(escaped(parameter.swiftName)) ?? \(scalarLiteral(value)))", false)
        }
        return ("queryOptions?.\(escaped(parameter.swiftName))", true)
    }

    /// Fields of an infinite query's parameters struct.
    static let parametersStruct = ValueSource { parameter in
        if let value = parameter.sentDefault {
            return ("(params.\(escaped(parameter.swiftName)) ?? \(scalarLiteral(value)))", false)
        }
        return ("params.\(escaped(parameter.swiftName))", !(parameter.isRequired || parameter.location == .path))
    }
}

/// Whether an argument is declared `T? = nil` (neither required nor defaulted).
func argumentIsOptional(_ parameter: Parameter) -> Bool {
    !(parameter.isRequired || parameter.location == .path) && parameter.sentDefault == nil
}

/// The declaration of an argument: `name: T`, `name: T = default` or `name: T? = nil`.
func argumentDeclaration(_ parameter: Parameter) -> String {
    let name = escaped(parameter.swiftName)
    if let value = parameter.sentDefault {
        return "\(name): \(parameter.type.swift) = \(scalarLiteral(value))"
    }
    if argumentIsOptional(parameter) {
        return "\(name): \(parameter.type.swift)? = nil"
    }
    return "\(name): \(parameter.type.swift)"
}

/// Renders a key template as a `QueryKeyValue` expression; the flag says whether it is optional.
func keyExpression(_ template: KeyTemplate, parameters: [Parameter], source: ValueSource) -> (String, Bool) {
    switch template {
    case .literal(let node):
        switch node {
        case .string(let value): return (".string(\(stringLiteral(value)))", false)
        case .number(_, let text): return (".number(\(text))", false)
        case .bool(let value): return (".bool(\(value))", false)
        default: return (".null", false)
        }
    case .parameter(let name):
        guard let parameter = parameters.first(where: { $0.swiftName == name }) else { return (".null", false) }
        let (expression, isOptional) = source.read(parameter)
        let conversion = parameter.isKeySorted ? "sortedForQueryKey()" : "queryKeyValue"
        return (expression + (isOptional ? "?." : ".") + conversion, isOptional)
    case .options:
        return ("queryOptions?.queryKeyValue", true)
    case .object(let members):
        guard !members.isEmpty else { return (".object([:])", false) }
        let entries = members.map { member in
            "\(stringLiteral(member.name)): \(keyExpression(member.value, parameters: parameters, source: source).0)"
        }
        return (".object(QueryKeyValue.members([\(entries.joined(separator: ", "))]))", false)
    case .array(let items):
        return (
            ".array([\(items.map { arrayElement($0, parameters: parameters, source: source) }.joined(separator: ", "))])",
            false
        )
    }
}

/// An array element: absent optional values become `null`, as upstream hashes `undefined` elements.
func arrayElement(_ template: KeyTemplate, parameters: [Parameter], source: ValueSource) -> String {
    let (expression, isOptional) = keyExpression(template, parameters: parameters, source: source)
    return isOptional ? "\(expression) ?? .null" : expression
}

/// The `QueryKey(...)` expression for a root template (always an array).
func queryKeyExpression(_ template: KeyTemplate, parameters: [Parameter], source: ValueSource) -> String {
    guard case .array(let items) = template else { return "QueryKey([])" }
    return
        "QueryKey([\(items.map { arrayElement($0, parameters: parameters, source: source) }.joined(separator: ", "))])"
}
