/// A validated-to-parse API spec: what the renderer needs, nothing about JSON.
package struct APISpec: Sendable, Hashable {
    /// The spec file name (for diagnostics and the generated header).
    package var file: String
    /// The API title.
    package var title: String
    /// The generated client class, e.g. `AccountsApiClient`.
    package var clientName: String
    /// The production base URL; `nil` when the document has no `servers` (the client's `baseURL`
    /// argument then has no default).
    package var baseURL: String?
    /// The enum the schemas and options structs are generated in: the file stem in UpperCamel for a
    /// document without `x-client` (`PetstoreExpanded`), `nil` for one with it (types at module level).
    package var namespace: String?
    /// Cache invalidation methods of the client.
    package var invalidators: [Invalidator]
    /// Operations in document order.
    package var operations: [Operation]
    /// Named types from `components/schemas`, in document order.
    package var types: [TypeDeclaration]
}

/// A generated `async` method that invalidates a key prefix.
package struct Invalidator: Sendable, Hashable {
    package var name: String
    package var queryKey: [JSONNode]
    package var description: String?
    var pointer: Pointer
}

/// One endpoint: a `GET` read (cached) or a write (`POST`, `PUT`, `PATCH`, `DELETE`; never cached).
package struct Operation: Sendable, Hashable {
    /// The HTTP method.
    package enum Method: String, Sendable, Hashable, CaseIterable {
        case get, post, put, patch, delete

        /// `GET`, `POST`, …
        var wire: String { rawValue.uppercased() }
    }

    /// The UpperCamel operation name: `V2ActiveNetworks`, `FindPetById`.
    package var id: String
    package var method: Method = .get
    /// The JSON request body of a write, if any.
    package var requestBody: RequestBody? = nil
    /// The schema of the `default` (or first non-2xx) JSON response, which an `HTTPError` body decodes as.
    package var errorResponse: TypeRef? = nil
    /// Key prefixes a write invalidates after success (`x-invalidates`).
    package var invalidates: [[JSONNode]] = []
    /// Whether a write is retried with the client's retry policy (`x-retry: true`).
    package var retries: Bool = false
    package var summary: String?
    package var description: String?
    package var path: String
    package var parameters: [Parameter]
    package var response: TypeRef
    package var examples: [(name: String, value: JSONNode)]
    package var queryKey: KeyTemplate
    package var staleTime: String
    package var gcTime: String
    package var emptyInput: EmptyInput?
    package var pagination: Pagination?
    package var returnsNilOnError: Bool
    var pointer: Pointer

    package static func == (lhs: Operation, rhs: Operation) -> Bool {
        lhs.id == rhs.id && lhs.path == rhs.path && lhs.parameters == rhs.parameters
            && lhs.examples.elementsEqual(rhs.examples) { $0.name == $1.name && $0.value == $1.value }
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(path)
    }

    /// Parameters that are labelled arguments, in order.
    var arguments: [Parameter] { parameters.filter(\.isArgument) }
    /// Parameters that are fields of the options struct, in order.
    var optionFields: [Parameter] { parameters.filter { !$0.isArgument } }
    /// The generated options struct, when the operation has option fields (qualified by the namespace).
    var optionsTypeName: String? { optionFields.isEmpty ? nil : (namespace.map { $0 + "." } ?? "") + id + "Options" }
    /// The namespace the options struct lives in.
    var namespace: String? = nil
    /// Whether the operation is a read (cached `fetch*` / `get*QueryOptions`).
    var isRead: Bool { method == .get }
    /// The method name of a write: the operation name in lowerCamel (`addPet`).
    var writeMethodName: String { writeName.isEmpty ? lowerCamel(id) : writeName }
    /// The write's method name when it differs from ``writeMethodName``'s default (set by
    /// ``uniqueWriteNames(_:)`` to avoid the client's other members).
    var writeName: String = ""
}

/// The JSON body of a write.
package struct RequestBody: Sendable, Hashable {
    package var type: TypeRef
    package var isRequired: Bool
    package var description: String?
}

/// A path or query parameter.
package struct Parameter: Sendable, Hashable {
    package enum Location: String, Sendable, Hashable { case path, query, header }
    package enum Transform: String, Sendable, Hashable { case hexChainIdToDecimal }

    /// The name on the wire.
    package var wireName: String
    /// The Swift (upstream) name.
    package var swiftName: String
    package var location: Location
    package var isRequired: Bool
    package var isArgument: Bool
    package var type: TypeRef
    /// A value sent when the caller gives none (`x-send-default`).
    package var sentDefault: JSONNode?
    package var isKeySorted: Bool
    package var transform: Transform?
    package var description: String?
    var pointer: Pointer
    /// An array query parameter sent once per element (`tags=a&tags=b`, OpenAPI's default `style: form,
    /// explode: true`) rather than comma-joined (`explode: false`).
    package var explode: Bool = false
}

/// The fixed value returned for empty input.
package struct EmptyInput: Sendable, Hashable {
    package var parameter: String
    package var value: JSONNode
    var pointer: Pointer
}

/// Infinite-query generation settings.
package struct Pagination: Sendable, Hashable {
    package var operationId: String
    package var pageParameter: String
    package var nextPageParam: String
    package var hasNextPage: String?
    package var excludedParameters: [String]
    package var queryKey: KeyTemplate
    var pointer: Pointer
}

/// A cache-key template (`x-query-key`).
package indirect enum KeyTemplate: Sendable, Hashable {
    case literal(JSONNode)
    case parameter(String)
    case options
    case object([KeyMember])
    case array([KeyTemplate])
}

/// One member of an object key template.
package struct KeyMember: Sendable, Hashable {
    package var name: String
    package var value: KeyTemplate
}

/// A Swift type reference.
package indirect enum TypeRef: Sendable, Hashable {
    case string, int, double, bool, json
    case int32, int64
    /// No content (`204`, or a response without a body): the method returns `Void`.
    case void
    case array(TypeRef)
    case map(TypeRef)
    case optional(TypeRef)
    /// A named or nested generated type, e.g. `V2BalanceItem` or `V2SupportedNetworksResponse.PartialSupport`.
    case named(String)

    /// Whether the type is an array (optional or not).
    var isArray: Bool {
        switch self {
        case .array: true
        case .optional(let wrapped): wrapped.isArray
        default: false
        }
    }

    /// The Swift spelling.
    var swift: String {
        switch self {
        case .string: "String"
        case .int: "Int"
        case .int32: "Int32"
        case .int64: "Int64"
        case .void: "Void"
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
package indirect enum TypeDeclaration: Sendable, Hashable {
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
package struct ObjectDeclaration: Sendable, Hashable {
    package var name: String
    package var description: String?
    package var properties: [Property]
    package var nested: [TypeDeclaration]
}

/// A stored property of a generated struct.
package struct Property: Sendable, Hashable {
    package var jsonName: String
    package var swiftName: String
    /// Optional when not required or nullable.
    package var type: TypeRef
    package var description: String?
}

/// A string enum with an `unknown(String)` case.
package struct EnumDeclaration: Sendable, Hashable {
    package var name: String
    package var description: String?
    package var values: [String]
}

/// An enum with one case per `oneOf` / `anyOf` alternative.
package struct OneOfDeclaration: Sendable, Hashable {
    package var name: String
    package var description: String?
    package var cases: [OneOfCase]
    package var nested: [TypeDeclaration]
    /// The property whose value picks the case (`discriminator.propertyName`), if any.
    package var discriminator: String? = nil
    /// Whether a value no alternative accepts decodes to `unknown(JSONValue)` instead of failing
    /// (documents without `x-client`; the MetaMask specs keep their exhaustive enums).
    package var keepsUnknown: Bool = false
}

/// One alternative of a `oneOf`.
package struct OneOfCase: Sendable, Hashable {
    package var name: String
    package var type: TypeRef
    /// The discriminator values naming this alternative (from `mapping`, else the schema name).
    package var discriminatorValues: [String] = []
}
