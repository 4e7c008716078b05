import CoreBackendRuntime
import CoreBackendRuntimeTesting
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// No failing request shows its bearer token (or URL credentials) in any text it produces.
@Suite("HTTP errors never carry the token")
struct HTTPSecretRedactionTests {
    static let token = "tok-SECRET-90210"
    static let password = "pw-SECRET-4711"

    /// Every text a caller might print or log about `error`.
    static func texts(_ error: any Error) -> [String] {
        var dumped = ""
        dump(error, to: &dumped)
        return [
            "\(error)", String(describing: error), String(reflecting: error), error.localizedDescription, dumped,
            "\(error as NSError)", (error as NSError).userInfo.description,
        ]
    }

    static func expectNoSecret(_ error: (any Error)?, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let error else {
            Issue.record("expected an error", sourceLocation: sourceLocation)
            return
        }
        for text in texts(error) {
            #expect(!text.contains("SECRET"), "leaked: \(text)", sourceLocation: sourceLocation)
        }
    }

    static func failure(
        baseURL: URL, timeout: Duration = .seconds(30), path: String = "/v1/data", query: QueryString = QueryString()
    ) async -> (any Error)? {
        let requester = APIRequester(
            configuration: APIClientConfiguration(
                clientProduct: "tests", getBearerToken: { token },
                transport: URLSessionTransport(configuration: .ephemeral, maximumResponseSize: 1_024, timeout: timeout)),
            baseURL: baseURL, queryClient: QueryClient(configuration: .init(retryPolicy: .never)))
        do {
            _ = try await requester.get(path, query: query, as: [String: Int].self)
            return nil
        } catch {
            return error
        }
    }

    @Test("bad status, decoding failure, oversized body, timeout and connection refused")
    func failures() async throws {
        let server = try LoopbackHTTPServer { request in
            switch request.path {
            case "/status": .json(#"{"error":"nope"}"#, status: 500)
            case "/decode": .json(#"{"a":"not a number"}"#)
            case "/large": .json(String(repeating: " ", count: 4_096) + "{}")
            default: .json("{}")
            }
        }
        defer { server.stop() }
        for path in ["/status", "/decode", "/large"] {
            let error = await Self.failure(baseURL: server.baseURL, path: path)
            Self.expectNoSecret(error)
        }
        #expect(server.requests.allSatisfy { $0.header("Authorization") == "Bearer \(Self.token)" })

        let silent = try RawHTTPPeer { _, _ in Thread.sleep(forTimeInterval: 2) }
        defer { silent.stop() }
        let timeout = await Self.failure(
            baseURL: URL(string: "http://127.0.0.1:\(silent.port)")!, timeout: .milliseconds(200))
        #expect(timeout is APIError)
        Self.expectNoSecret(timeout)

        let closed = try RawHTTPPeer { _, _ in }
        let port = closed.port
        closed.stop()
        let refused = await Self.failure(baseURL: URL(string: "http://127.0.0.1:\(port)")!)
        Self.expectNoSecret(refused)
    }

    @Test("credentials in the base URL and token query parameters are redacted in errors")
    func urlCredentials() async throws {
        let server = try LoopbackHTTPServer { _ in .json("{}", status: 503) }
        defer { server.stop() }
        let base = URL(string: "http://user:\(Self.password)@127.0.0.1:\(server.port)")!
        var query = QueryString()
        query.append("token", Self.token)
        query.append("tokenAddresses", "0xabc")
        let error = await Self.failure(baseURL: base, query: query)
        Self.expectNoSecret(error)
        let apiError = try #require(error as? APIError)
        guard case .http(let http) = apiError.kind else {
            Issue.record("expected an HTTP status error, got \(apiError)")
            return
        }
        #expect(http.url == "http://…@127.0.0.1:\(server.port)/v1/data?token=…&tokenAddresses=0xabc")
        #expect(apiError.url == http.url)
    }

    @Test("an HTTPRequest's description, debugDescription and dump hide Authorization")
    func requestDescription() {
        let request = HTTPRequest(
            url: URL(string: "http://u:\(Self.password)@h/p")!,
            headers: [("Authorization", "Bearer \(Self.token)"), ("x-metamask-clientproduct", "tests")])
        var dumped = ""
        dump(request, to: &dumped)
        for text in ["\(request)", String(reflecting: request), dumped] {
            #expect(!text.contains("SECRET"), "\(text)")
        }
        #expect(String(reflecting: request).contains("[Authorization: …] [x-metamask-clientproduct: tests]"))
    }
}
