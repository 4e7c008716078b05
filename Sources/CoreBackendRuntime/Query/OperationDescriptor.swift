/// One generated operation, described for tooling: the CLI's `endpoints`, the mock backend's routes
/// and the contract tests.
public struct OperationDescriptor: Sendable, Hashable, Identifiable {
    /// The API (`accounts`, `prices`, `token`, `tokens`).
    public var api: String
    /// The upstream name stem, e.g. `V5MultiAccountBalances`.
    public var operationId: String
    /// The HTTP method (`GET`, or `POST`, `PUT`, `PATCH`, `DELETE` for writes).
    public var method: String
    /// The path template, e.g. `/v2/accounts/{address}/balances`.
    public var path: String
    /// One-line summary.
    public var summary: String
    /// Parameters in emission order.
    public var parameters: [ParameterDescriptor]
    /// The Swift response type.
    public var responseType: String
    /// The `StaleTime` name.
    public var staleTime: String
    /// The `GCTime` name.
    public var gcTime: String
    /// The argument whose emptiness short-circuits the call, if any.
    public var emptyInputParameter: String?
    /// The operation id of the generated infinite-query builder, if any.
    public var infiniteQueryOperationId: String?
    /// Example response bodies (JSON text) from the spec.
    public var examples: [String]

    /// Creates a descriptor.
    public init(
        api: String, operationId: String, method: String, path: String, summary: String,
        parameters: [ParameterDescriptor], responseType: String, staleTime: String, gcTime: String,
        emptyInputParameter: String?, infiniteQueryOperationId: String?, examples: [String]
    ) {
        self.api = api
        self.operationId = operationId
        self.method = method
        self.path = path
        self.summary = summary
        self.parameters = parameters
        self.responseType = responseType
        self.staleTime = staleTime
        self.gcTime = gcTime
        self.emptyInputParameter = emptyInputParameter
        self.infiniteQueryOperationId = infiniteQueryOperationId
        self.examples = examples
    }

    /// `accounts.V5MultiAccountBalances`.
    public var id: String { api + "." + operationId }

    /// The generated fetch method's name, e.g. `fetchV5MultiAccountBalances`.
    public var fetchMethodName: String { "fetch" + operationId }
}

/// One parameter of an ``OperationDescriptor``.
public struct ParameterDescriptor: Sendable, Hashable {
    /// Where a parameter goes.
    public enum Location: String, Sendable, Hashable {
        /// In the path, replacing `{wireName}`.
        case path
        /// In the query string.
        case query
        /// A request header named `wireName`.
        case header
    }

    /// The Swift (upstream) name.
    public var name: String
    /// The name on the wire.
    public var wireName: String
    /// Path or query.
    public var location: Location
    /// Whether a value must be given.
    public var isRequired: Bool
    /// Whether it is a labelled argument (otherwise a field of the options struct).
    public var isArgument: Bool
    /// The Swift type, e.g. `[String]`.
    public var swiftType: String
    /// The value sent when none is given, if any.
    public var sentDefault: String?
    /// Whether the cache key holds a sorted copy.
    public var isKeySorted: Bool
    /// One-line description.
    public var summary: String

    /// Creates a parameter descriptor.
    public init(
        name: String, wireName: String, location: Location, isRequired: Bool, isArgument: Bool, swiftType: String,
        sentDefault: String?, isKeySorted: Bool, summary: String
    ) {
        self.name = name
        self.wireName = wireName
        self.location = location
        self.isRequired = isRequired
        self.isArgument = isArgument
        self.swiftType = swiftType
        self.sentDefault = sentDefault
        self.isKeySorted = isKeySorted
        self.summary = summary
    }
}
