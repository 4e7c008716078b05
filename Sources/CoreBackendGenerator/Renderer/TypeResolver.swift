/// Looks up generated declarations by their Swift reference (`Outer.Inner`), to follow JSON pointers.
struct TypeResolver {
    private var declarations: [String: TypeDeclaration] = [:]

    init(spec: APISpec) {
        for declaration in spec.types { register(declaration, qualifier: spec.namespace) }
    }

    private mutating func register(_ declaration: TypeDeclaration, qualifier: String?) {
        let name = qualifier.map { "\($0).\(declaration.name)" } ?? declaration.name
        declarations[name] = declaration
        switch declaration {
        case .object(let object): for inner in object.nested { register(inner, qualifier: name) }
        case .oneOf(let oneOf): for inner in oneOf.nested { register(inner, qualifier: name) }
        default: break
        }
    }

    /// The declaration a reference (`Outer.Inner`) names.
    func declaration(_ reference: String) -> TypeDeclaration? { declarations[reference] }

    /// The Swift expression (after a root `page`) reading `pointer`, its type, and whether any step is optional.
    func accessor(for pointer: String, in root: TypeRef) -> (expression: String, type: TypeRef, isOptional: Bool)? {
        var expression = ""
        var type = root
        var optional = false
        for token in pointer.split(separator: "/").map(String.init) {
            var current = type
            while let reference = current.namedReference, case .alias(_, _, let target)? = declarations[reference] {
                current = target
            }
            if case .optional(let wrapped) = current {
                current = wrapped
                optional = true
                expression += "?"
            }
            guard let reference = current.namedReference, case .object(let object)? = declarations[reference],
                let property = object.properties.first(where: { $0.jsonName == token })
            else { return nil }
            expression += "." + escaped(property.swiftName)
            type = property.type
        }
        if case .optional(let wrapped) = type {
            return (expression, wrapped, true)
        }
        return (expression, type, optional)
    }
}

extension TypeRef {
    var namedReference: String? {
        if case .named(let name) = self { return name }
        return nil
    }
}
