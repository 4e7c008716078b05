public import CoreBackend
public import CoreBackendRuntime
public import Foundation

/// A fake MetaMask backend on 127.0.0.1 for tests, demos and app development.
///
/// Every operation of the four specs is served from its spec example, so an endpoint added to a spec is
/// served without code changes; writes (`POST`, `PUT`, `PATCH`, `DELETE`) too, answering `204` when the
/// operation returns nothing, and recording the body they received (``receivedBodies(_:_:)``). Each API lives under its own path prefix (`/accounts`, `/prices`, `/token`,
/// `/tokens`) of one origin; use ``baseURLs`` to point a client at it. Unknown paths get a 404 JSON body.
/// Routes can be overridden (status, body, latency) and requests are counted.
///
/// ```swift
/// let backend = try MockBackend()
/// defer { backend.stop() }
/// let client = ApiPlatformClient(clientProduct: "tests", baseURLs: backend.baseURLs)
/// backend.override("accounts", "V2Balances", with: .init(status: 500))
/// ```
public final class MockBackend: Sendable {
    /// A replacement answer for one operation.
    public struct RouteOverride: Sendable, Hashable {
        /// The status code.
        public var status: Int
        /// The JSON body; `nil` keeps the spec example (or an error object for non-2xx statuses).
        public var body: String?
        /// Delay before answering (real time).
        public var latency: Duration

        /// Creates an override.
        public init(status: Int = 200, body: String? = nil, latency: Duration = .zero) {
            self.status = status
            self.body = body
            self.latency = latency
        }
    }

    private struct State {
        var overrides: [String: RouteOverride] = [:]
        var counts: [String: Int] = [:]
        var bodies: [String: [Data]] = [:]
    }

    private let server: LoopbackHTTPServer
    private let state: Locked<State>
    private let routes: [String: [OperationDescriptor]]
    /// The WebSocket endpoint, when started with `webSocket: true` (its own port; see ``webSocketURL``).
    public let webSocket: MockWebSocketBackend?

    /// Starts the backend on `port` (0 picks a free port).
    ///
    /// - Parameters:
    ///   - port: The HTTP port; 0 picks a free one.
    ///   - operations: The operations to serve; every generated operation by default.
    ///   - webSocket: Also start the WebSocket endpoint (``MockWebSocketBackend``).
    public init(
        port: Int = 0, operations: [OperationDescriptor] = ApiPlatformClient.operations, webSocket: Bool = false
    ) throws {
        let state = Locked(State())
        let routes = Dictionary(grouping: operations, by: \.api)
        self.state = state
        self.routes = routes
        server = try LoopbackHTTPServer(port: port) { request in
            await MockBackend.answer(request, routes: routes, state: state)
        }
        self.webSocket = webSocket ? try MockWebSocketBackend() : nil
    }

    /// Stops the HTTP server and the WebSocket endpoint.
    public func stop() {
        server.stop()
        webSocket?.stop()
    }

    /// `ws://127.0.0.1:<port>/v1` when the WebSocket endpoint runs.
    public var webSocketURL: URL? { webSocket?.url }

    /// The origin, `http://127.0.0.1:<port>`.
    public var baseURL: URL { server.baseURL }

    /// The port.
    public var port: Int { server.port }

    /// Base URLs for ``ApiPlatformClient``: one path prefix per API on this origin.
    public var baseURLs: APIBaseURLs { Self.baseURLs(origin: baseURL) }

    /// The base URLs a mock backend at `origin` serves (`/accounts`, `/prices`, `/token`, `/tokens`).
    public static func baseURLs(origin: URL) -> APIBaseURLs {
        APIBaseURLs(
            accounts: origin.appendingPathComponent("accounts"), prices: origin.appendingPathComponent("prices"),
            token: origin.appendingPathComponent("token"), tokens: origin.appendingPathComponent("tokens"))
    }

    /// Every request received, in order.
    public var requests: [LoopbackHTTPRequest] { server.requests }

    /// How many requests `api`'s `operationId` received.
    public func requestCount(_ api: String, _ operationId: String) -> Int {
        state.withLock { $0.counts["\(api).\(operationId)"] ?? 0 }
    }

    /// The request bodies `api`'s `operationId` received, in order (empty `Data` for requests without one).
    public func receivedBodies(_ api: String, _ operationId: String) -> [Data] {
        state.withLock { $0.bodies["\(api).\(operationId)"] ?? [] }
    }

    /// The total number of requests received.
    public var totalRequestCount: Int { server.requests.count }

    /// Answers `api`'s `operationId` with `override` from now on.
    public func override(_ api: String, _ operationId: String, with override: RouteOverride) {
        state.withLock { $0.overrides["\(api).\(operationId)"] = override }
    }

    /// Restores spec examples everywhere and forgets recorded requests.
    public func reset() {
        state.withLock { $0 = State() }
        server.resetRequests()
    }

    /// Finds the operation serving `method path` (below the API prefix); literal segments beat placeholders.
    static func route(_ path: String, method: String = "GET", in operations: [OperationDescriptor])
        -> OperationDescriptor?
    {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        var best: (OperationDescriptor, Int)?
        for operation in operations where operation.method == method {
            let template = operation.path.split(separator: "/", omittingEmptySubsequences: false)
            guard template.count == segments.count else { continue }
            var literals = 0
            var matches = true
            for (expected, actual) in zip(template, segments) {
                if let open = expected.firstIndex(of: "{"), let close = expected.lastIndex(of: "}"), open < close {
                    // `{id}` or `{id}.json`: the literal text around the placeholder must match.
                    let prefix = expected[..<open]
                    let suffix = expected[expected.index(after: close)...]
                    matches =
                        actual.count > prefix.count + suffix.count && actual.hasPrefix(prefix)
                        && actual.hasSuffix(suffix)
                } else if expected == actual {
                    literals += 1
                } else {
                    matches = false
                }
                if !matches { break }
            }
            if matches, literals > (best?.1 ?? -1) { best = (operation, literals) }
        }
        return best?.0
    }

    private static func answer(
        _ request: LoopbackHTTPRequest, routes: [String: [OperationDescriptor]], state: Locked<State>
    ) async -> LoopbackHTTPResponse {
        let path = request.path
        let parts = path.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: true)
        guard let api = parts.first.map(String.init), let operations = routes[api],
            let operation = route(
                "/" + (parts.count > 1 ? String(parts[1]) : ""), method: request.method, in: operations)
        else {
            return .json(
                #"{"error":{"code":"NOT_FOUND","message":"No route for \#(request.method) \#(path)"}}"#, status: 404)
        }
        let override = state.withLock { state -> RouteOverride? in
            state.counts[operation.id, default: 0] += 1
            if operation.method != "GET" { state.bodies[operation.id, default: []].append(request.body) }
            return state.overrides[operation.id]
        }
        guard let override else {
            if operation.responseType == "Void" { return LoopbackHTTPResponse(status: 204) }
            return .json(operation.examples.first ?? "{}")
        }
        if override.latency > .zero { try? await Task.sleep(for: override.latency) }
        let fallback =
            (200..<300).contains(override.status)
            ? (operation.examples.first ?? "{}")
            : #"{"error":{"code":"MOCK_\#(override.status)","message":"Injected by MockBackend"}}"#
        return .json(override.body ?? fallback, status: override.status)
    }
}
