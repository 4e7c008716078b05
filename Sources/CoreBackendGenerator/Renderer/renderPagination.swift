/// Renders an infinite-query builder (`x-pagination`) and its parameters struct.
func renderPagination(_ operation: Operation, _ pagination: Pagination, spec: APISpec, into writer: inout SwiftWriter) {
    let kept = operation.parameters.filter {
        $0.wireName != pagination.pageParameter && !pagination.excludedParameters.contains($0.swiftName)
    }
    let structName = pagination.operationId + "Parameters"
    let response = operation.response.swift
    let resolver = TypeResolver(spec: spec)

    renderParametersStruct(structName, fields: kept, pagination: pagination, spec: spec, into: &writer)
    writer.line()
    writer.block("extension \(spec.clientName)") { writer in
        writer.line("/// Pages through `GET \(operation.path)`, following `\(pagination.nextPageParam)` while")
        writer.line("/// `\(pagination.hasNextPage ?? pagination.nextPageParam)` says there is a next page.")
        writer.line("///")
        writer.line("/// - Parameters:")
        writer.line("///   - params: The query; the cursor is sent as `\(pagination.pageParameter)`.")
        writer.line("///   - initialPageParam: The cursor of the first page; `nil` starts at the beginning.")
        writer.line("///   - options: Per-call cache overrides.")
        writer.line(
            "/// - Returns: Options for ``QueryClient/fetchInfiniteQuery(_:)`` and ``QueryClient/fetchNextPage(_:)``.")
        writer.block(
            "public func get\(pagination.operationId)QueryOptions(params: \(structName), initialPageParam: String? = nil, options: FetchOptions? = nil) -> InfiniteQueryOptions<\(response)>"
        ) { writer in
            writer.line("let requester = self.requester")
            writer.line("return InfiniteQueryOptions(")
            writer.line(
                "    queryKey: \(queryKeyExpression(pagination.queryKey, parameters: kept, source: .parametersStruct)),"
            )
            writer.line(
                "    defaultStaleTime: StaleTime.\(escaped(operation.staleTime)), defaultGCTime: GCTime.\(escaped(operation.gcTime)), overrides: requester.configuration.fetchOptions(options),"
            )
            writer.line("    initialPageParam: initialPageParam,")
            let next = resolver.accessor(for: pagination.nextPageParam, in: operation.response)?.expression ?? ""
            if let hasNextPointer = pagination.hasNextPage,
                let hasNext = resolver.accessor(for: hasNextPointer, in: operation.response)
            {
                writer.line("    nextPageParam: { page in page\(hasNext.expression) == true ? page\(next) : nil }")
            } else {
                writer.line("    nextPageParam: { page in page\(next) }")
            }
            writer.block(")", trailing: " pageParam in") { writer in
                renderRequest(
                    operation, source: .parametersStruct, pageParameter: pagination.pageParameter,
                    skipping: Set(pagination.excludedParameters), into: &writer)
            }
        }
    }
}

/// The parameters struct of an infinite query: every parameter but the page cursor and the excluded ones.
private func renderParametersStruct(
    _ structName: String, fields kept: [Parameter], pagination: Pagination, spec: APISpec,
    into writer: inout SwiftWriter
) {
    writer.line(
        "/// Parameters of ``\(spec.clientName)/get\(pagination.operationId)QueryOptions(params:initialPageParam:options:)``;"
    )
    writer.line("/// the page cursor (`\(pagination.pageParameter)`) is managed by the builder.")
    writer.block("public struct \(structName): Sendable, Hashable") { writer in
        for field in kept {
            let isRequired = field.isRequired || field.location == .path
            writer.doc(field.description, fallback: "The `\(field.wireName)` query parameter.")
            writer.line("public var \(escaped(field.swiftName)): \(field.type.swift)\(isRequired ? "" : "?")")
        }
        writer.line()
        writer.line("/// Creates parameters; optional ones default to `nil` (not sent).")
        let arguments = kept.map { field -> String in
            let isRequired = field.isRequired || field.location == .path
            return "\(escaped(field.swiftName)): \(field.type.swift)\(isRequired ? "" : "? = nil")"
        }
        writer.block("public init(\(arguments.joined(separator: ", ")))") { writer in
            for field in kept { writer.line("self.\(field.swiftName) = \(escaped(field.swiftName))") }
        }
    }
}
