/// A validated-to-parse API spec: what the renderer needs, nothing about JSON.
public struct APISpec: Sendable, Hashable {
    /// The spec file name (for diagnostics and the generated header).
    public var file: String
    /// The API title.
    public var title: String
    /// The generated client class, e.g. `AccountsApiClient`.
    public var clientName: String
    /// The production base URL.
    public var baseURL: String
    /// Cache invalidation methods of the client.
    public var invalidators: [Invalidator]
    /// Operations in document order.
    public var operations: [Operation]
    /// Named types from `components/schemas`, in document order.
    public var types: [TypeDeclaration]
}

/// A generated `async` method that invalidates a key prefix.
public struct Invalidator: Sendable, Hashable {
    public var name: String
    public var queryKey: [JSONNode]
    public var description: String?
    var pointer: Pointer
}

/// One `GET` endpoint.
public struct Operation: Sendable, Hashable {
    public var id: String
    public var summary: String?
    public var description: String?
    public var path: String
    public var parameters: [Parameter]
    public var response: TypeRef
    public var examples: [(name: String, value: JSONNode)]
    public var queryKey: KeyTemplate
    public var staleTime: String
    public var gcTime: String
    public var emptyInput: EmptyInput?
    public var pagination: Pagination?
    public var returnsNilOnError: Bool
    var pointer: Pointer

    public static func == (lhs: Operation, rhs: Operation) -> Bool {
        lhs.id == rhs.id && lhs.path == rhs.path && lhs.parameters == rhs.parameters
            && lhs.examples.elementsEqual(rhs.examples) { $0.name == $1.name && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(path)
    }

    /// Parameters that are labelled arguments, in order.
    var arguments: [Parameter] { parameters.filter(\.isArgument) }
    /// Parameters that are fields of the options struct, in order.
    var optionFields: [Parameter] { parameters.filter { !$0.isArgument } }
    /// The generated options struct, when the operation has option fields.
    var optionsTypeName: String? { optionFields.isEmpty ? nil : id + "Options" }
}

/// A path or query parameter.
public struct Parameter: Sendable, Hashable {
    public enum Location: String, Sendable, Hashable { case path, query }
    public enum Transform: String, Sendable, Hashable { case hexChainIdToDecimal }

    /// The name on the wire.
    public var wireName: String
    /// The Swift (upstream) name.
    public var swiftName: String
    public var location: Location
    public var isRequired: Bool
    public var isArgument: Bool
    public var type: TypeRef
    /// A value sent when the caller gives none (`x-send-default`).
    public var sentDefault: JSONNode?
    public var isKeySorted: Bool
    public var transform: Transform?
    public var description: String?
    var pointer: Pointer
}

/// The fixed value returned for empty input.
public struct EmptyInput: Sendable, Hashable {
    public var parameter: String
    public var value: JSONNode
    var pointer: Pointer
}

/// Infinite-query generation settings.
public struct Pagination: Sendable, Hashable {
    public var operationId: String
    public var pageParameter: String
    public var nextPageParam: String
    public var hasNextPage: String?
    public var excludedParameters: [String]
    public var queryKey: KeyTemplate
    var pointer: Pointer
}

/// A cache-key template (`x-query-key`).
public indirect enum KeyTemplate: Sendable, Hashable {
    case literal(JSONNode)
    case parameter(String)
    case options
    case object([KeyMember])
    case array([KeyTemplate])
}

/// One member of an object key template.
public struct KeyMember: Sendable, Hashable {
    public var name: String
    public var value: KeyTemplate
}

/// A Swift type reference.
public indirect enum TypeRef: Sendable, Hashable {
    case string, int, double, bool, json
    case array(TypeRef)
    case map(TypeRef)
    case optional(TypeRef)
    /// A named or nested generated type, e.g. `V2BalanceItem` or `V2SupportedNetworksResponse.PartialSupport`.
    case named(String)

    /// The Swift spelling.
    var swift: String {
        switch self {
        case .string: "String"
        case .int: "Int"
        case .double: "Double"
        case .bool: "Bool"
        case .json: "JSONValue"
        case .array(let element): "[\(element.swift)]"
        case .map(let value): "[String: \(value.swift)]"
        case .optional(let wrapped): wrapped.swift + "?"
        case .named(let name): name
        }
    }
}

/// A generated named type.
public indirect enum TypeDeclaration: Sendable, Hashable {
    case object(ObjectDeclaration)
    case enumeration(EnumDeclaration)
    case oneOf(OneOfDeclaration)
    case alias(name: String, description: String?, target: TypeRef)

    var name: String {
        switch self {
        case .object(let object): object.name
        case .enumeration(let enumeration): enumeration.name
        case .oneOf(let oneOf): oneOf.name
        case .alias(let name, _, _): name
        }
    }
}

/// A `struct` with properties and nested types.
public struct ObjectDeclaration: Sendable, Hashable {
    public var name: String
    public var description: String?
    public var properties: [Property]
    public var nested: [TypeDeclaration]
}

/// A stored property of a generated struct.
public struct Property: Sendable, Hashable {
    public var jsonName: String
    public var swiftName: String
    /// Optional when not required or nullable.
    public var type: TypeRef
    public var description: String?
}

/// A string enum with an `unknown(String)` case.
public struct EnumDeclaration: Sendable, Hashable {
    public var name: String
    public var description: String?
    public var values: [String]
}

/// An enum with one case per `oneOf` alternative.
public struct OneOfDeclaration: Sendable, Hashable {
    public var name: String
    public var description: String?
    public var cases: [OneOfCase]
    public var nested: [TypeDeclaration]
}

/// One alternative of a `oneOf`.
public struct OneOfCase: Sendable, Hashable {
    public var name: String
    public var type: TypeRef
}
