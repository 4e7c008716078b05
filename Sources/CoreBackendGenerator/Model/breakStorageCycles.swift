/// A struct cannot store itself, not even through an `Optional` (`struct Node { var parent: Node? }` does
/// not compile), and neither can an enum's payload without `indirect`. Arrays and dictionaries store their
/// elements out of line, so `[Node]` is fine. This pass finds every property (or `oneOf` case) whose type
/// stores, directly or through other types, the declaration it belongs to, and types it `JSONValue`
/// instead, with a warning naming it. Pure; repeated until no cycle is left (each round removes one edge).
func breakStorageCycles(_ spec: APISpec) -> (APISpec, [Diagnostic]) {
    var spec = spec
    var warnings: [Diagnostic] = []
    while let alias = firstSelfReferencingAlias(in: spec) {
        spec.types = spec.types.map {
            guard case .alias(let name, let description, _) = $0,
                spec.namespace.map({ "\($0).\(name)" }) ?? name == alias
            else { return $0 }
            return .alias(name: name, description: description, target: .json)
        }
        warnings.append(
            Diagnostic(
                file: spec.file, location: "/components/schemas",
                message:
                    "warning: unsupported construct: '\(alias)' refers to itself (a recursive schema); typed as JSONValue"
            ))
    }
    while let cycle = firstStorageCycle(in: spec) {
        spec.types = spec.types.map { replacing(cycle, in: $0, qualifier: spec.namespace) }
        warnings.append(
            Diagnostic(
                file: spec.file, location: "/components/schemas",
                message:
                    "warning: unsupported construct: '\(cycle.owner).\(cycle.member)' stores '\(cycle.owner)' again (a recursive schema); typed as JSONValue"
            ))
    }
    return (spec, warnings)
}

/// One member (property or case) of a declaration whose type leads back to it.
private struct StorageEdge: Hashable {
    var owner: String
    var member: String
}

/// The declarations by full reference, and the named types each stores inline, member by member.
private func storageGraph(_ spec: APISpec) -> [String: [(member: String, targets: [String])]] {
    var graph: [String: [(member: String, targets: [String])]] = [:]
    func visit(_ declaration: TypeDeclaration, qualifier: String?) {
        let reference = qualifier.map { "\($0).\(declaration.name)" } ?? declaration.name
        switch declaration {
        case .object(let object):
            graph[reference] = object.properties.map { ($0.swiftName, inlineTargets($0.type)) }
            for inner in object.nested { visit(inner, qualifier: reference) }
        case .oneOf(let oneOf):
            graph[reference] = oneOf.cases.map { ($0.name, inlineTargets($0.type)) }
            for inner in oneOf.nested { visit(inner, qualifier: reference) }
        case .alias(_, _, let target):
            graph[reference] = [("", inlineTargets(target))]
        case .enumeration:
            break
        }
    }
    for declaration in spec.types { visit(declaration, qualifier: spec.namespace) }
    return graph
}

/// The named types a value of `type` stores inline (not behind an array or dictionary).
private func inlineTargets(_ type: TypeRef) -> [String] {
    switch type {
    case .named(let name): [name]
    case .optional(let wrapped): inlineTargets(wrapped)
    default: []
    }
}

private func firstStorageCycle(in spec: APISpec) -> StorageEdge? {
    let graph = storageGraph(spec)
    func reaches(_ start: String, _ goal: String) -> Bool {
        var seen: Set<String> = []
        var stack = [start]
        while let next = stack.popLast() {
            if next == goal { return true }
            guard seen.insert(next).inserted else { continue }
            stack += (graph[next] ?? []).flatMap(\.targets)
        }
        return false
    }
    for owner in graph.keys.sorted() {
        for entry in graph[owner] ?? [] where !entry.member.isEmpty {
            if entry.targets.contains(where: { reaches($0, owner) }) {
                return StorageEdge(owner: owner, member: entry.member)
            }
        }
    }
    return nil
}

/// `declaration` with the member of `edge` typed `JSONValue` (kept optional when it was).
private func replacing(_ edge: StorageEdge, in declaration: TypeDeclaration, qualifier: String?) -> TypeDeclaration {
    let reference = qualifier.map { "\($0).\(declaration.name)" } ?? declaration.name
    func json(_ type: TypeRef) -> TypeRef {
        if case .optional = type { return .optional(.json) }
        return .json
    }
    switch declaration {
    case .object(var object):
        if reference == edge.owner, let index = object.properties.firstIndex(where: { $0.swiftName == edge.member }) {
            object.properties[index].type = json(object.properties[index].type)
        }
        object.nested = object.nested.map { replacing(edge, in: $0, qualifier: reference) }
        return .object(object)
    case .oneOf(var oneOf):
        if reference == edge.owner, let index = oneOf.cases.firstIndex(where: { $0.name == edge.member }) {
            oneOf.cases[index].type = json(oneOf.cases[index].type)
        }
        oneOf.nested = oneOf.nested.map { replacing(edge, in: $0, qualifier: reference) }
        return .oneOf(oneOf)
    default:
        return declaration
    }
}

/// A top-level alias whose expansion names itself (`typealias A = [A]`, or through other aliases), which
/// Swift rejects whatever wraps the reference.
private func firstSelfReferencingAlias(in spec: APISpec) -> String? {
    var aliases: [String: TypeRef] = [:]
    for case .alias(let name, _, let target) in spec.types {
        aliases[spec.namespace.map { "\($0).\(name)" } ?? name] = target
    }
    func names(_ type: TypeRef) -> [String] {
        switch type {
        case .named(let name): [name]
        case .optional(let inner), .array(let inner), .map(let inner): names(inner)
        default: []
        }
    }
    for alias in aliases.keys.sorted() {
        var seen: Set<String> = []
        var stack = names(aliases[alias] ?? .json)
        while let next = stack.popLast() {
            if next == alias { return alias }
            guard seen.insert(next).inserted, let target = aliases[next] else { continue }
            stack += names(target)
        }
    }
    return nil
}
