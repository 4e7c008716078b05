import CoreBackendRuntime
import CoreBackendRuntimeTesting
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Path parameters are encoded as exactly one path segment, and the server receives them so.
@Suite("APIRequester: path parameters are one percent-encoded segment")
struct PathSegmentTests {
    @Test(
        "pathSegment encodes everything outside unreserved (but ':')",
        arguments: [
            ("../../x", "%2E%2E%2F%2E%2E%2Fx"), ("a/b", "a%2Fb"), ("%", "%25"), ("%2E%2E", "%252E%252E"),
            (".", "%2E"), ("..", "%2E%2E"), ("é€", "%C3%A9%E2%82%AC"),
            ("a b?c#d;e&f=g+h", "a%20b%3Fc%23d%3Be%26f%3Dg%2Bh"),
            ("\\x", "%5Cx"), ("eip155:1", "eip155:1"), ("0xAbC-_~", "0xAbC-_~"), ("", ""),
        ])
    func encoding(value: String, expected: String) {
        #expect(APIRequester.pathSegment(value) == expected)
    }

    static func requester(_ server: LoopbackHTTPServer) -> APIRequester {
        APIRequester(
            configuration: APIClientConfiguration(
                clientProduct: "tests", getBearerToken: { "path-SECRET" },
                transport: URLSessionTransport(configuration: .ephemeral)),
            baseURL: server.baseURL.appendingPathComponent("api"),
            queryClient: QueryClient(configuration: .init(retryPolicy: .never)))
    }

    @Test(
        "the server receives the encoded segment, never a resolved or decoded path",
        arguments: [
            ("../../x", "/api/v1/things/%2E%2E%2F%2E%2E%2Fx/detail"), ("a/b", "/api/v1/things/a%2Fb/detail"),
            ("%", "/api/v1/things/%25/detail"), ("...", "/api/v1/things/%2E%2E%2E/detail"),
            ("ü", "/api/v1/things/%C3%BC/detail"), ("eip155:1", "/api/v1/things/eip155:1/detail"),
        ])
    func onTheWire(value: String, target: String) async throws {
        let server = try LoopbackHTTPServer { _ in .json("{}") }
        defer { server.stop() }
        _ = try await Self.requester(server).get(
            "/v1/things/\(APIRequester.pathSegment(value))/detail", as: JSONValue.self)
        #expect(server.requests.map(\.target) == [target])
    }

    @Test("'.' and '..' as a whole parameter are rejected before any request", arguments: [".", ".."])
    func dotSegments(value: String) async throws {
        let server = try LoopbackHTTPServer { _ in .json("{}") }
        defer { server.stop() }
        await #expect {
            _ = try await Self.requester(server).get(
                "/v1/things/\(APIRequester.pathSegment(value))/detail", as: JSONValue.self)
        } throws: { error in
            guard let error = error as? APIError, case .invalidArgument(let name, _, _) = error.kind else {
                return false
            }
            // The rejected request's URL, though nothing was sent.
            return name == "path" && error.url.hasSuffix("/api/v1/things/\(APIRequester.pathSegment(value))/detail")
        }
        #expect(server.requests.isEmpty)
    }
}
