/// Renders the one method of a write (`POST`, `PUT`, `PATCH`, `DELETE`): `addPet(body:)`,
/// `deletePet(id:)`. Never cached, never de-duplicated; retried only with `x-retry: true`.
func renderWrite(_ operation: Operation, into writer: inout SwiftWriter) {
    var arguments = operation.parameters.map(argumentDeclaration)
    if let body = operation.requestBody {
        arguments.append(body.isRequired ? "body: \(body.type.swift)" : "body: \(body.type.swift)? = nil")
    }
    renderWriteDoc(operation, into: &writer)
    let returns = operation.response == .void ? "" : " -> \(operation.response.swift)"
    if operation.response != .void { writer.line("@discardableResult") }
    writer.block(
        "public func \(escaped(operation.writeMethodName))(\(arguments.joined(separator: ", "))) async throws\(returns)"
    ) { writer in
        writer.catchingOperationErrors(operation) { writer in
            let parts = renderRequestParts(operation, source: .plain, pageParameter: nil, skipping: [], into: &writer)
            var call =
                "try await requester.write(\(stringLiteral(operation.method.wire)), \(parts.path)\(parts.extraArguments)"
            if let body = operation.requestBody {
                call +=
                    body.isRequired
                    ? ", body: try APIRequester.jsonBody(body)"
                    : ", body: try body.map { try APIRequester.jsonBody($0) }"
            }
            if operation.retries { call += ", retries: true" }
            if !operation.invalidates.isEmpty {
                let keys = operation.invalidates.map { "[\($0.map(keyLiteral).joined(separator: ", "))]" }
                call += ", invalidates: [\(keys.joined(separator: ", "))]"
            }
            if operation.response == .void {
                writer.line(call + ")")
            } else {
                writer.line("return " + call + ", as: \(operation.response.swift).self)")
            }
        }
    }
}

/// A key prefix element of `x-invalidates` as a `QueryKeyValue` literal.
private func keyLiteral(_ node: JSONNode) -> String {
    switch node {
    case .string(let value): ".string(\(stringLiteral(value)))"
    case .number(_, let text): ".number(\(text))"
    default: ".null"
    }
}

private func renderWriteDoc(_ operation: Operation, into writer: inout SwiftWriter) {
    let endpoint = "`\(operation.method.wire) \(operation.path)`"
    writer.doc(operation.summary, fallback: "Calls \(endpoint).")
    if let description = operation.description {
        writer.line("///")
        writer.doc(description, fallback: "")
    }
    writer.line("///")
    let retry = operation.retries ? "retried with the client's retry policy (`x-retry`)" : "never retried"
    writer.line("/// \(endpoint): a write, never cached or de-duplicated, \(retry).")
    if !operation.invalidates.isEmpty {
        let keys = operation.invalidates.map { "[" + $0.map(\.compactText).joined(separator: ", ") + "]" }
        writer.line("/// After success it invalidates every cached entry under \(keys.joined(separator: ", ")).")
    }
    writer.line("///")
    if !operation.parameters.isEmpty || operation.requestBody != nil {
        writer.line("/// - Parameters:")
    }
    for parameter in operation.parameters {
        let wire = parameter.wireName == parameter.swiftName ? "" : " Sent as `\(parameter.wireName)`."
        let fallback = "The `\(parameter.wireName)` \(parameter.location.rawValue) parameter."
        writer.line("///   - \(parameter.swiftName): \(firstLine(parameter.description) ?? fallback)\(wire)")
    }
    if let body = operation.requestBody {
        writer.line("///   - body: \(firstLine(body.description) ?? "The JSON request body.")")
    }
    if operation.response != .void { writer.line("/// - Returns: The decoded response.") }
    var throwsLine = "/// - Throws: `APIError` naming `\(operation.id)` and the request URL"
    if let error = operation.errorResponse {
        throwsLine +=
            "; a non-2xx answer is its `.http` kind, whose body decodes as `\(error.swift)` (`HTTPError.decodedBody(as:)`)"
    }
    writer.line(throwsLine + "; `CancellationError` when the calling task is cancelled.")
}
