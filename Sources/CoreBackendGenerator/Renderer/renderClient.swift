/// Renders the client class: construction, auth-token reset and the spec's invalidators.
func renderClient(_ spec: APISpec, into writer: inout SwiftWriter) {
    let name = spec.clientName
    writer.line("/// The \(spec.title) client, generated from `\(spec.file)`.")
    writer.line("///")
    writer.line("/// Every `fetch*` method has a `get*QueryOptions` twin returning the key, times and fetcher it uses.")
    writer.line("/// Clients reached through `ApiPlatformClient` share one ``QueryClient``.")
    writer.block("public final class \(name): Sendable") { writer in
        if let baseURL = spec.baseURL {
            writer.line("/// The production base URL, `\(baseURL)` (the spec's first server).")
            // The parser accepts only absolute http(s) URLs that Foundation parses, so this cannot trap.
            writer.line("public static let defaultBaseURL = URL(string: \(stringLiteral(baseURL)))!")
            writer.line()
        }
        writer.line("/// The request pipeline (base URL, headers, token, retry policy, transport).")
        writer.line("package let requester: APIRequester")
        writer.line()
        writer.line("/// The cache this client reads and fills.")
        writer.line("public var queryClient: QueryClient { requester.queryClient }")
        writer.line()
        writer.line("/// The configuration this client was created with.")
        writer.line("public var configuration: APIClientConfiguration { requester.configuration }")
        writer.line()
        renderInitializers(clientName: name, hasDefaultBaseURL: spec.baseURL != nil, into: &writer)
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

/// The configuration-taking initialiser and its labelled spelling.
private func renderInitializers(clientName name: String, hasDefaultBaseURL: Bool, into writer: inout SwiftWriter) {
    let baseURLDefault = hasDefaultBaseURL ? " = \(name).defaultBaseURL" : ""
    writer.line("/// Creates a client from one configuration value.")
    writer.line("///")
    writer.line("/// - Parameters:")
    writer.line("///   - configuration: Headers, token source, retry policy and transport. Its retry policy applies to")
    writer.line("///     this client's queries on any cache, a shared one included; `nil` uses the cache's policy.")
    writer.line(
        hasDefaultBaseURL
            ? "///   - baseURL: Where the API lives; ``defaultBaseURL`` by default."
            : "///   - baseURL: Where the API lives (the spec names no server).")
    writer.line("///   - queryClient: A cache to share; by default the client creates its own.")
    writer.block(
        "public init(configuration: APIClientConfiguration, baseURL: URL\(baseURLDefault), queryClient: QueryClient? = nil)"
    ) { writer in
        writer.line(
            "requester = APIRequester(configuration: configuration, baseURL: baseURL, queryClient: queryClient ?? QueryClient())"
        )
    }
    writer.line()
    writer.line("/// Creates a client; a labelled spelling of ``init(configuration:baseURL:queryClient:)`` (see")
    writer.line("/// ``APIClientConfiguration`` for each value).")
    writer.line("public convenience init(")
    writer.line("    clientProduct: String, clientVersion: String? = nil,")
    writer.line("    getBearerToken: (@Sendable () async throws -> String?)? = nil,")
    writer.line("    baseURL: URL\(baseURLDefault), retryPolicy: RetryPolicy? = nil,")
    writer.line("    transport: any HTTPTransport = APIClientConfiguration.defaultTransport,")
    writer.line("    queryClient: QueryClient? = nil")
    writer.block(")") { writer in
        writer.line("self.init(")
        writer.line("    configuration: APIClientConfiguration(")
        writer.line(
            "        clientProduct: clientProduct, clientVersion: clientVersion, getBearerToken: getBearerToken,")
        writer.line("        retryPolicy: retryPolicy, transport: transport),")
        writer.line("    baseURL: baseURL, queryClient: queryClient)")
    }
    writer.line()
}
