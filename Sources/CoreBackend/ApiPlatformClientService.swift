/// `ApiPlatformClientService`: the service name of ``ApiPlatformClientService`` (upstream
/// `apiPlatformClientServiceName`).
public let apiPlatformClientServiceName = "ApiPlatformClientService"

/// A messenger wrapper owning one ``ApiPlatformClient`` (upstream `ApiPlatformClientService`): other
/// components get the shared client through `ApiPlatformClientService:getApiPlatformClient`.
///
/// ```swift
/// let messenger = try root.buildChild(namespace: ApiPlatformClientService.name)
/// _ = try ApiPlatformClientService(messenger: messenger, clientProduct: "metamask-ios")
/// let client = try await root.call(ApiPlatformClientService.GetApiPlatformClient.self)
/// ```
public final class ApiPlatformClientService: Sendable {
    /// `ApiPlatformClientService:getApiPlatformClient`: the service's client, the same instance every time.
    public enum GetApiPlatformClient: MessengerAction {
        /// The shared client.
        public typealias Result = ApiPlatformClient
        /// `ApiPlatformClientService:getApiPlatformClient`.
        public static let name = "ApiPlatformClientService:getApiPlatformClient"
    }

    /// `ApiPlatformClientService`: the service name and messenger namespace.
    public static let name = apiPlatformClientServiceName

    /// The service name, `ApiPlatformClientService`.
    public var name: String { Self.name }
    /// The client built from the options.
    public let client: ApiPlatformClient
    /// The messenger the action is registered on.
    public let messenger: Messenger

    /// Builds one client from `configuration` (see ``ApiPlatformClient/Configuration``) and registers
    /// `ApiPlatformClientService:getApiPlatformClient` (synchronous, so `callSynchronously` works).
    ///
    /// - Throws: a `MessengerError` if the action is already registered or lies outside the messenger's namespace.
    public convenience init(messenger: Messenger, configuration: ApiPlatformClient.Configuration) throws {
        try self.init(messenger: messenger, client: ApiPlatformClient(configuration: configuration))
    }

    /// Wraps `client` and registers the action.
    private init(messenger: Messenger, client: ApiPlatformClient) throws {
        self.client = client
        self.messenger = messenger
        try messenger.registerActionHandler(GetApiPlatformClient.self) { () throws in client }
    }

    /// Builds one client and registers the action; a labelled spelling of ``init(messenger:configuration:)``
    /// whose other parameters are those of
    /// ``ApiPlatformClient/init(clientProduct:clientVersion:getBearerToken:baseURLs:retryPolicy:transport:queryClient:persister:)``.
    ///
    /// - Throws: a `MessengerError` if the action is already registered or lies outside the messenger's namespace.
    public convenience init(
        messenger: Messenger,
        clientProduct: String,
        clientVersion: String? = nil,
        getBearerToken: (@Sendable () async throws -> String?)? = nil,
        baseURLs: APIBaseURLs = .production,
        retryPolicy: RetryPolicy? = nil,
        transport: any HTTPTransport = APIClientConfiguration.defaultTransport,
        queryClient: QueryClient? = nil
    ) throws {
        let client = ApiPlatformClient(
            clientProduct: clientProduct, clientVersion: clientVersion, getBearerToken: getBearerToken,
            baseURLs: baseURLs, retryPolicy: retryPolicy, transport: transport, queryClient: queryClient)
        try self.init(messenger: messenger, client: client)
    }
}
