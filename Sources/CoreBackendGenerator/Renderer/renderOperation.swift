/// Renders `fetchX`, `getXQueryOptions` and the options struct of one operation.
func renderOperation(_ operation: Operation, clientName: String, into writer: inout SwiftWriter) {
    let responseType = operation.response.swift
    let arguments =
        operation.arguments.map(argumentDeclaration)
        + (operation.optionsTypeName.map { ["queryOptions: \($0)? = nil"] } ?? [])
        + ["options: FetchOptions? = nil"]
    let forwarded =
        operation.arguments.map { "\(escaped($0.swiftName)): \(escaped($0.swiftName))" }
        + (operation.optionsTypeName == nil ? [] : ["queryOptions: queryOptions"]) + ["options: options"]
    let signature = arguments.joined(separator: ", ")

    // fetch
    renderDoc(operation, returns: "The decoded response.", into: &writer)
    if operation.returnsNilOnError {
        writer.line("///")
        writer.line("/// Returns `nil` instead of throwing when the request fails after retries, as upstream does.")
        // `nonisolated(nonsending)`: a cache hit runs on the caller's executor, without a hop.
        writer.block(
            "public nonisolated(nonsending) func fetch\(operation.id)(\(signature)) async -> \(responseType)?"
        ) { writer in
            writer.line("try? await fetch\(operation.id)Throwing(\(forwarded.joined(separator: ", ")))")
        }
        writer.line()
        writer.block(
            "private nonisolated(nonsending) func fetch\(operation.id)Throwing(\(signature)) async throws -> \(responseType)"
        ) { writer in
            renderFetchBody(operation, forwarded: forwarded, into: &writer)
        }
    } else {
        writer.line(
            "/// - Throws: `APIError` naming `\(operation.id)` and the request URL; `CancellationError` when the calling task is cancelled."
        )
        writer.block(
            "public nonisolated(nonsending) func fetch\(operation.id)(\(signature)) async throws -> \(responseType)"
        ) { writer in
            renderFetchBody(operation, forwarded: forwarded, into: &writer)
        }
    }
    writer.line()

    renderQueryOptionsBuilder(operation, signature: signature, responseType: responseType, into: &writer)
}

/// Renders `getXQueryOptions`: the options a hit builds per call.
private func renderQueryOptionsBuilder(
    _ operation: Operation, signature: String, responseType: String, into writer: inout SwiftWriter
) {
    renderDoc(
        operation, returns: "Query options for ``QueryClient/fetchQuery(_:)`` or ``QueryClient/observe(_:)``.",
        into: &writer)
    // Per call, a hit builds these options: the query function captures the client (one reference, no
    // context allocation when nothing else is captured) and reads the requester when it runs, and a key
    // without parameters is built once.
    let key = queryKeyExpression(operation.queryKey, parameters: operation.parameters, source: .plain)
    let constantKey = operation.parameters.isEmpty ? "queryKeyOf\(operation.id)" : nil
    writer.block("public func get\(operation.id)QueryOptions(\(signature)) -> QueryOptions<\(responseType)>") {
        writer in
        writer.line("return QueryOptions(")
        writer.line("    queryKey: \(constantKey.map { "Self.\($0)" } ?? key),")
        writer.line(
            "    defaultStaleTime: StaleTime.\(escaped(operation.staleTime)), defaultGCTime: GCTime.\(escaped(operation.gcTime)), overrides: self.requester.configuration.fetchOptions(options)"
        )
        writer.block(")") { writer in
            writer.line("let requester = self.requester")
            renderRequest(operation, source: .plain, pageParameter: nil, into: &writer) { writer in
                renderEmptyInputCheck(operation, into: &writer)
            }
        }
    }
    if let constantKey {
        writer.line()
        writer.line("/// The query key of ``get\(operation.id)QueryOptions(options:)``, built once.")
        writer.line("private static let \(constantKey): QueryKey = \(key)")
    }
}

/// The checks before the cache (their errors caught and named here), then `fetchQuery` as a tail call: a
/// `do`/`catch` around it would cost every cache hit an async frame. Errors of the query function are
/// named by its own `catch`.
private func renderFetchBody(_ operation: Operation, forwarded: [String], into writer: inout SwiftWriter) {
    var checks = SwiftWriter()
    // Empty input first, as in the query function: an empty hex chain id short-circuits instead of throwing.
    renderEmptyInputCheck(operation, into: &checks)
    for parameter in operation.parameters where parameter.transform == .hexChainIdToDecimal {
        checks.line(
            "_ = try APIRequester.decimalChainID(fromHex: \(escaped(parameter.swiftName)), parameter: \(stringLiteral(parameter.swiftName)))"
        )
    }
    if !checks.text.isEmpty {
        writer.catchingOperationErrors(operation) { writer in writer.lines(of: checks) }
    }
    writer.line(
        "return try await queryClient.fetchQuery(get\(operation.id)QueryOptions(\(forwarded.joined(separator: ", "))))")
}

extension SwiftWriter {
    /// `do { body } catch { throw requester.error(…) }`: every error but cancellation leaves a generated
    /// call as an `APIError` naming the operation's `operationId` and URL.
    mutating func catchingOperationErrors(_ operation: Operation, _ body: (inout SwiftWriter) -> Void) {
        var inner = SwiftWriter()
        body(&inner)
        line("do {")
        lines(of: inner, indent: "    ")
        line("} catch {")
        line(
            "    throw requester.error(error, operationId: \(stringLiteral(operation.id)), pathTemplate: \(stringLiteral(operation.path)))"
        )
        line("}")
    }

    /// The lines `other` wrote, at this writer's depth plus `indent`.
    mutating func lines(of other: SwiftWriter, indent: String = "") {
        for content in other.text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            line(content.isEmpty ? "" : indent + content)
        }
    }
}

private func renderEmptyInputCheck(_ operation: Operation, into writer: inout SwiftWriter) {
    guard let empty = operation.emptyInput,
        let parameter = operation.parameters.first(where: { $0.swiftName == empty.parameter })
    else { return }
    let name = escaped(parameter.swiftName)
    let condition = argumentIsOptional(parameter) ? "\(name)?.isEmpty == true" : "\(name).isEmpty"
    writer.block("if \(condition)") { writer in
        writer.line(
            "return try APIRequester.emptyValue(\(operation.response.swift).self, json: \(rawStringLiteral(empty.value.compactText)))"
        )
    }
}

/// The request part of a query function: hex validation, query string, path and the `GET`.
///
/// Everything it writes, `prelude` first, sits in a `do`/`catch` that turns errors into `APIError`s naming
/// the operation (see ``SwiftWriter/catchingOperationErrors(_:_:)``).
func renderRequest(
    _ operation: Operation, source: ValueSource, pageParameter: String?, skipping skipped: Set<String> = [],
    into writer: inout SwiftWriter, prelude: (inout SwiftWriter) -> Void = { _ in }
) {
    writer.catchingOperationErrors(operation) { writer in
        prelude(&writer)
        renderRequestBody(operation, source: source, pageParameter: pageParameter, skipping: skipped, into: &writer)
    }
}

private func renderRequestBody(
    _ operation: Operation, source: ValueSource, pageParameter: String?, skipping skipped: Set<String>,
    into writer: inout SwiftWriter
) {
    let parts = renderRequestParts(
        operation, source: source, pageParameter: pageParameter, skipping: skipped, into: &writer)
    writer.line(
        "return try await requester.get(\(parts.path)\(parts.extraArguments), as: \(operation.response.swift).self)")
}

/// Writes the path values, `var query` and `var headers` of a request; returns the path literal and the
/// `, query: query, headers: headers` arguments it needs (empty when it has no such parameters).
func renderRequestParts(
    _ operation: Operation, source: ValueSource, pageParameter: String?, skipping skipped: Set<String>,
    into writer: inout SwiftWriter
) -> (path: String, extraArguments: String) {
    var pathLiteral = stringLiteral(operation.path)
    for parameter in operation.parameters where parameter.location == .path {
        let (expression, _) = source.read(parameter)
        let value: String
        if parameter.transform == .hexChainIdToDecimal {
            let variable = parameter.swiftName + "Decimal"
            writer.line(
                "let \(variable) = try APIRequester.decimalChainID(fromHex: \(expression), parameter: \(stringLiteral(parameter.swiftName)))"
            )
            value = "\\(\(variable))"
        } else {
            value = "\\(APIRequester.pathSegment(\(expression)))"
        }
        pathLiteral = pathLiteral.replacingOccurrences("{\(parameter.wireName)}", value)
    }
    var extra = ""
    let queryParameters = operation.parameters.filter { $0.location == .query && !skipped.contains($0.swiftName) }
    if !queryParameters.isEmpty {
        writer.line("var query = QueryString()")
        for parameter in queryParameters {
            if let pageParameter, parameter.wireName == pageParameter {
                writer.line("query.append(\(stringLiteral(parameter.wireName)), pageParam)")
                continue
            }
            let (expression, _) = source.read(parameter)
            let method = parameter.explode && parameter.type.isArray ? "appendEach" : "append"
            writer.line("query.\(method)(\(stringLiteral(parameter.wireName)), \(expression))")
        }
        extra += ", query: query"
    }
    let headerParameters = operation.parameters.filter { $0.location == .header }
    if !headerParameters.isEmpty {
        writer.line("var headers: [(name: String, value: String)] = []")
        for parameter in headerParameters {
            let (expression, isOptional) = source.read(parameter)
            let name = stringLiteral(parameter.wireName)
            if isOptional {
                writer.line("if let value = \(expression) { headers.append((\(name), value.queryParameterString)) }")
            } else {
                writer.line("headers.append((\(name), \(expression).queryParameterString))")
            }
        }
        extra += ", headers: headers"
    }
    return (pathLiteral, extra)
}

private func renderDoc(_ operation: Operation, returns: String, into writer: inout SwiftWriter) {
    writer.doc(operation.summary, fallback: "Calls `GET \(operation.path)`.")
    if let description = operation.description {
        writer.line("///")
        writer.doc(description, fallback: "")
    }
    writer.line("///")
    writer.line(
        "/// `GET \(operation.path)`; cached for `StaleTime.\(operation.staleTime)`, collected after `GCTime.\(operation.gcTime)`."
    )
    writer.line("///")
    writer.line("/// - Parameters:")
    for parameter in operation.arguments {
        let wire = parameter.wireName == parameter.swiftName ? "" : " Sent as `\(parameter.wireName)`."
        writer.line(
            "///   - \(parameter.swiftName): \(firstLine(parameter.description) ?? "The `\(parameter.wireName)` \(parameter.location.rawValue) parameter.")\(wire)"
        )
    }
    if operation.optionsTypeName != nil {
        writer.line(
            "///   - queryOptions: Optional query parameters; `nil` and an empty value are cached separately, as upstream."
        )
    }
    writer.line("///   - options: Per-call cache overrides.")
    writer.line("/// - Returns: \(returns)")
}

func firstLine(_ text: String?) -> String? {
    guard let text, let line = text.split(separator: "\n").first else { return nil }
    return String(line)
}

/// The optional parameters struct of an operation.
func renderOptionsStruct(_ operation: Operation, into writer: inout SwiftWriter) {
    guard operation.optionsTypeName != nil else { return }
    let name = operation.id + "Options"
    let fields = operation.optionFields
    writer.line("/// Optional query parameters of `\(operation.id)` (`GET \(operation.path)`).")
    writer.block("public struct \(name): Sendable, Hashable, QueryKeyRepresentable") { writer in
        for field in fields {
            var doc = field.description ?? "The `\(field.wireName)` query parameter."
            if field.wireName != field.swiftName { doc += " Sent as `\(field.wireName)`." }
            if let value = field.sentDefault { doc += " When `nil`, `\(value.compactText)` is sent." }
            writer.doc(doc, fallback: "")
            writer.line("public var \(escaped(field.swiftName)): \(field.type.swift)?")
        }
        writer.line()
        writer.line("/// Creates options; every parameter defaults to `nil` (not sent).")
        let arguments = fields.map { "\(escaped($0.swiftName)): \($0.type.swift)? = nil" }
        writer.block("public init(\(arguments.joined(separator: ", ")))") { writer in
            for field in fields { writer.line("self.\(field.swiftName) = \(escaped(field.swiftName))") }
        }
        writer.line()
        writer.line("/// The set fields as a key object, id arrays sorted as upstream does.")
        writer.block("public var queryKeyValue: QueryKeyValue") { writer in
            let entries = fields.map { field in
                let conversion = field.isKeySorted ? "sortedForQueryKey()" : "queryKeyValue"
                return "\(stringLiteral(field.swiftName)): \(escaped(field.swiftName))?.\(conversion)"
            }
            writer.line(".object(QueryKeyValue.members([\(entries.joined(separator: ", "))]))")
        }
    }
}
