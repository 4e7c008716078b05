/// Renders the client class: construction, auth-token reset and the spec's invalidators.
func renderClient(_ spec: APISpec, into writer: inout SwiftWriter) {
    let name = spec.clientName
    writer.line("/// The \(spec.title) client, generated from `\(spec.file)`.")
    writer.line("///")
    writer.line("/// Every `fetch*` method has a `get*QueryOptions` twin returning the key, times and fetcher it uses.")
    writer.line("/// Clients reached through `ApiPlatformClient` share one ``QueryClient``.")
    writer.block("public final class \(name): Sendable") { writer in
        writer.line("/// The production base URL, `\(spec.baseURL)`.")
        writer.line("public static let defaultBaseURL = URL(string: \(stringLiteral(spec.baseURL)))!")
        writer.line()
        writer.line("/// The request pipeline (base URL, headers, token, transport).")
        writer.line("package let requester: APIRequester")
        writer.line()
        writer.line("/// The cache this client reads and fills.")
        writer.line("public var queryClient: QueryClient { requester.queryClient }")
        writer.line()
        writer.line("/// Creates a client with an explicit configuration and cache.")
        writer.block("public init(configuration: APIClientConfiguration, baseURL: URL = \(name).defaultBaseURL, queryClient: QueryClient)") { writer in
            writer.line("requester = APIRequester(configuration: configuration, baseURL: baseURL, queryClient: queryClient)")
        }
        writer.line()
        writer.line("/// Creates a stand-alone client; without `queryClient` it creates its own cache using `retryPolicy`.")
        writer.line("public convenience init(")
        writer.line("    clientProduct: String, clientVersion: String? = nil,")
        writer.line("    getBearerToken: (@Sendable () async throws -> String?)? = nil,")
        writer.line("    baseURL: URL = \(name).defaultBaseURL, retryPolicy: RetryPolicy = .default,")
        writer.line("    transport: any HTTPTransport = URLSessionTransport(), queryClient: QueryClient? = nil")
        writer.block(")") { writer in
            writer.line("self.init(")
            writer.line("    configuration: APIClientConfiguration(")
            writer.line("        clientProduct: clientProduct, clientVersion: clientVersion, getBearerToken: getBearerToken, transport: transport),")
            writer.line("    baseURL: baseURL,")
            writer.line("    queryClient: queryClient ?? QueryClient(configuration: QueryClient.Configuration(retryPolicy: retryPolicy)))")
        }
        writer.line()
        writer.line("/// Drops the cached bearer token so the next request asks the token source again.")
        writer.block("public func invalidateAuthToken() async") { writer in
            writer.line("await requester.invalidateAuthToken()")
        }
        for invalidator in spec.invalidators {
            writer.line()
            let key = invalidator.queryKey.map(\.compactText).joined(separator: ", ")
            writer.doc(invalidator.description, fallback: "Invalidates every entry under `[\(key)]`.")
            writer.line("///")
            writer.line("/// Data stays readable but is refetched on next use; observed entries refetch now.")
            writer.block("public func \(invalidator.name)() async") { writer in
                writer.line("await queryClient.invalidateQueries([\(key)])")
            }
        }
    }
}

