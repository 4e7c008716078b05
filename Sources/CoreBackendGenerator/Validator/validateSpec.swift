/// Cross-reference rules the parser cannot check one node at a time. Pure: returns every problem.
///
/// Each rule is strict because breaking it would either fail to compile or silently send the wrong
/// request; none of them is needed to decode lenient server data.
func validateSpec(_ spec: APISpec, references: [(name: String, pointer: Pointer)]) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    func report(_ pointer: Pointer, _ message: String) {
        diagnostics.append(Diagnostic(file: spec.file, location: pointer.description, message: message))
    }
    let typeNames = Set(spec.types.map(\.name))
    for reference in references where !typeNames.contains(reference.name) {
        report(reference.pointer, "unknown $ref '#/components/schemas/\(reference.name)'")
    }
    var seenOperations: [String: Pointer] = [:]
    for operation in spec.operations {
        for id in [operation.id] + (operation.pagination.map { [$0.operationId] } ?? []) {
            if let first = seenOperations[id] {
                report(
                    operation.pointer.appending("operationId"),
                    "duplicate operationId '\(id)' (first declared at \(first))")
            } else {
                seenOperations[id] = operation.pointer
            }
        }
        checkParameters(of: operation, report: report)
        checkKeyTemplate(
            operation.queryKey, of: operation, allowed: Set(operation.parameters.map(\.swiftName)),
            at: operation.pointer.appending("x-query-key"), report: report)
        if let empty = operation.emptyInput {
            checkEmptyInput(empty, of: operation, spec: spec, report: report)
        }
        if let pagination = operation.pagination {
            checkPagination(pagination, of: operation, spec: spec, report: report)
        }
    }
    for (pointer, message) in shadowingDiagnostics(spec) { report(pointer, message) }
    var seenInvalidators: Set<String> = []
    for invalidator in spec.invalidators where !seenInvalidators.insert(invalidator.name).inserted {
        report(invalidator.pointer.appending("name"), "duplicate invalidator '\(invalidator.name)'")
    }
    return diagnostics
}

/// `x-empty-input`: names a string or array argument, and its value decodes as the response type.
private func checkEmptyInput(
    _ empty: EmptyInput, of operation: Operation, spec: APISpec, report: (Pointer, String) -> Void
) {
    let parameter = operation.parameters.first { $0.swiftName == empty.parameter }
    switch parameter?.type {
    case nil:
        report(
            empty.pointer.appending("parameter"), "bad extension value: no parameter named '\(empty.parameter)'"
        )
    case .string?, .array?:
        if parameter?.isArgument != true {
            report(
                empty.pointer.appending("parameter"),
                "bad extension value: '\(empty.parameter)' must be an argument, not an option")
        }
    default:
        report(
            empty.pointer.appending("parameter"),
            "bad extension value: only string and array arguments can be empty")
    }
    if let (inner, message) = firstMismatch(
        empty.value, against: operation.response, resolver: TypeResolver(spec: spec))
    {
        let location = inner.tokens.reduce(empty.pointer.appending("value")) { $0.appending($1) }
        report(
            location,
            "bad extension value: the empty-input value does not decode as \(operation.response.swift): \(message)"
        )
    }
}

private func checkParameters(of operation: Operation, report: (Pointer, String) -> Void) {
    var names: Set<String> = []
    var wireNames: Set<String> = []
    for parameter in operation.parameters {
        if !names.insert(parameter.swiftName).inserted {
            report(parameter.pointer, "duplicate parameter name '\(parameter.swiftName)'")
        }
        if !wireNames.insert(parameter.location.rawValue + ":" + parameter.wireName).inserted {
            report(parameter.pointer, "duplicate \(parameter.location.rawValue) parameter '\(parameter.wireName)'")
        }
        if parameter.location == .path && !operation.path.contains("{\(parameter.wireName)}") {
            report(
                parameter.pointer.appending("name"),
                "path parameter '\(parameter.wireName)' does not appear as {\(parameter.wireName)} in \(operation.path)"
            )
        }
    }
    var remainder = Substring(operation.path)
    while let open = remainder.firstIndex(of: "{"), let close = remainder[open...].firstIndex(of: "}") {
        let name = String(remainder[remainder.index(after: open)..<close])
        if !operation.parameters.contains(where: { $0.location == .path && $0.wireName == name }) {
            report(operation.pointer, "path placeholder {\(name)} has no path parameter")
        }
        remainder = remainder[remainder.index(after: close)...]
    }
}

private func checkKeyTemplate(
    _ template: KeyTemplate, of operation: Operation, allowed: Set<String>, at pointer: Pointer,
    report: (Pointer, String) -> Void
) {
    switch template {
    case .literal: break
    case .parameter(let name):
        if !allowed.contains(name) {
            report(pointer, "bad extension value: '$\(name)' is not a parameter of \(operation.id)")
        }
    case .options:
        if operation.optionFields.isEmpty {
            report(pointer, "bad extension value: '$options' used but \(operation.id) has no option parameters")
        }
    case .array(let items):
        for (index, item) in items.enumerated() {
            checkKeyTemplate(item, of: operation, allowed: allowed, at: pointer.appending(index), report: report)
        }
    case .object(let members):
        for member in members {
            checkKeyTemplate(
                member.value, of: operation, allowed: allowed, at: pointer.appending(member.name), report: report)
        }
    }
}

private func checkPagination(
    _ pagination: Pagination, of operation: Operation, spec: APISpec, report: (Pointer, String) -> Void
) {
    let names = Set(operation.parameters.map(\.swiftName))
    if !operation.parameters.contains(where: { $0.location == .query && $0.wireName == pagination.pageParameter }) {
        report(
            pagination.pointer.appending("pageParameter"),
            "bad extension value: no query parameter '\(pagination.pageParameter)'")
    }
    for name in pagination.excludedParameters where !names.contains(name) {
        report(pagination.pointer.appending("excludeParameters"), "bad extension value: no parameter named '\(name)'")
    }
    let kept = Set(
        operation.parameters.filter {
            $0.wireName != pagination.pageParameter && !pagination.excludedParameters.contains($0.swiftName)
        }.map(\.swiftName))
    checkKeyTemplate(
        pagination.queryKey, of: operation, allowed: kept, at: pagination.pointer.appending("queryKey"), report: report)
    if case .options = pagination.queryKey {
        report(
            pagination.pointer.appending("queryKey"),
            "bad extension value: infinite keys are flattened; list the fields instead of '$options'")
    }
    for (name, pointerText) in [("nextPageParam", pagination.nextPageParam), ("hasNextPage", pagination.hasNextPage)] {
        guard let pointerText else { continue }
        if TypeResolver(spec: spec).accessor(for: pointerText, in: operation.response) == nil {
            report(
                pagination.pointer.appending(name),
                "bad extension value: \(pointerText) does not name a property of the response")
        }
    }
}
