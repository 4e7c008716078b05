/// Renders the operation catalog (`static let operations`) and the dynamic `call` entry point.
func renderCatalog(_ spec: APISpec, api: String, into writer: inout SwiftWriter) {
    writer.block("extension \(spec.clientName)") { writer in
        writer.line("/// Every operation of `\(spec.file)`, for tooling, the mock backend and contract tests.")
        writer.line("public static let operations: [OperationDescriptor] = [")
        for operation in spec.operations {
            renderDescriptor(operation, api: api, examples: catalogExamples(operation, spec: spec), into: &writer)
        }
        writer.line("]")
        writer.line()
        writer.line(
            "/// Calls the operation `operationId` with JSON arguments named as its Swift parameters, returning JSON.")
        writer.line("///")
        writer.line(
            "/// Unknown argument names and values of the wrong type throw ``APIError/invalidArgument(name:value:reason:)``."
        )
        writer.block(
            "public func call(_ operationId: String, arguments: [String: JSONValue] = [:], options: FetchOptions? = nil) async throws -> JSONValue"
        ) { writer in
            if !spec.operations.isEmpty { writer.line("let arguments = DynamicArguments(arguments)") }
            writer.block("switch operationId") { writer in
                for operation in spec.operations {
                    renderCallCase(operation, into: &writer)
                }
                writer.line("default:")
                writer.line(
                    "    throw APIError.invalidArgument(name: \"operationId\", value: operationId, reason: \"no such operation in \(spec.clientName)\")"
                )
            }
        }
    }
}

/// One `case` of the dynamic `call`: checks the argument names, decodes each argument and calls the method.
private func renderCallCase(_ operation: Operation, into writer: inout SwiftWriter) {
    writer.line("case \(stringLiteral(operation.id)):")
    let allowed =
        operation.parameters.map { stringLiteral($0.swiftName) } + (operation.requestBody == nil ? [] : ["\"body\""])
    writer.line("    try arguments.checkNames([\(allowed.joined(separator: ", "))])")
    var call = operation.arguments.map { parameter -> String in
        let method = argumentIsOptional(parameter) || parameter.sentDefault != nil ? "optional" : "required"
        var value = "try arguments.\(method)(\(stringLiteral(parameter.swiftName)), as: \(parameter.type.swift).self)"
        if let defaultValue = parameter.sentDefault {
            value = "(\(value) ?? \(scalarLiteral(defaultValue)))"
        }
        return "\(escaped(parameter.swiftName)): \(value)"
    }
    if let optionsType = operation.optionsTypeName {
        let names = operation.optionFields.map { stringLiteral($0.swiftName) }.joined(separator: ", ")
        let fields = operation.optionFields.map {
            "\(escaped($0.swiftName)): try arguments.optional(\(stringLiteral($0.swiftName)), as: \($0.type.swift).self)"
        }
        call.append(
            "queryOptions: arguments.containsAny([\(names)]) ? \(optionsType)(\(fields.joined(separator: ", "))) : nil")
    }
    guard operation.isRead else {
        if let body = operation.requestBody {
            let method = body.isRequired ? "required" : "optional"
            call.append("body: try arguments.\(method)(\"body\", as: \(body.type.swift).self)")
        }
        let invocation = "try await \(escaped(operation.writeMethodName))(\(call.joined(separator: ", ")))"
        if operation.response == .void {
            writer.line("    \(invocation)")
            writer.line("    return .null")
        } else {
            writer.line("    return try JSONValue(encoding: \(invocation))")
        }
        return
    }
    call.append("options: options")
    let invocation = "await fetch\(operation.id)(\(call.joined(separator: ", ")))"
    writer.line("    return try JSONValue(encoding: \(operation.returnsNilOnError ? "" : "try ")\(invocation))")
}

private func renderDescriptor(
    _ operation: Operation, api: String, examples: [String], into writer: inout SwiftWriter
) {
    writer.line("    OperationDescriptor(")
    writer.line(
        "        api: \(stringLiteral(api)), operationId: \(stringLiteral(operation.id)), method: \(stringLiteral(operation.method.wire)), path: \(stringLiteral(operation.path)),"
    )
    writer.line("        summary: \(stringLiteral(operation.summary ?? "")),")
    writer.line("        parameters: [")
    for parameter in operation.parameters {
        let defaultValue = parameter.sentDefault.map { stringLiteral($0.stringValue ?? $0.compactText) } ?? "nil"
        writer.line("            ParameterDescriptor(")
        writer.line(
            "                name: \(stringLiteral(parameter.swiftName)), wireName: \(stringLiteral(parameter.wireName)), location: .\(parameter.location.rawValue),"
        )
        writer.line(
            "                isRequired: \(parameter.isRequired || parameter.location == .path), isArgument: \(parameter.isArgument), swiftType: \(stringLiteral(parameter.type.swift)), sentDefault: \(defaultValue),"
        )
        writer.line(
            "                isKeySorted: \(parameter.isKeySorted), summary: \(stringLiteral(firstLine(parameter.description) ?? ""))),"
        )
    }
    writer.line("        ],")
    writer.line(
        "        responseType: \(stringLiteral(operation.response.swift)), staleTime: \(stringLiteral(operation.staleTime)), gcTime: \(stringLiteral(operation.gcTime)),"
    )
    writer.line("        emptyInputParameter: \(operation.emptyInput.map { stringLiteral($0.parameter) } ?? "nil"),")
    writer.line(
        "        infiniteQueryOperationId: \(operation.pagination.map { stringLiteral($0.operationId) } ?? "nil"),")
    writer.line("        examples: [")
    for example in examples {
        writer.line("            \(rawStringLiteral(example)),")
    }
    writer.line("        ]")
    writer.line("    ),")
}
