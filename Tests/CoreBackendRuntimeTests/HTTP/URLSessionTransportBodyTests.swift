import CoreBackendRuntime
import CoreBackendRuntimeTesting
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Writes: the transport sends the request's method and body as they are.
@Suite("URLSessionTransport: request method and body")
struct URLSessionTransportBodyTests {
    @Test("a POST carries its body and method to the server; a GET carries none")
    func postCarriesBody() async throws {
        let server = try LoopbackHTTPServer { request in
            .json(#"{"echo":\#(request.body.count)}"#)
        }
        defer { server.stop() }
        let transport = URLSessionTransport(configuration: .ephemeral)
        let body = Data(#"{"name":"Rex","tag":"dog"}"#.utf8)
        let url = server.baseURL.appendingPathComponent("pets")
        let response = try await transport.send(
            HTTPRequest(
                method: "POST", url: url, headers: [("Content-Type", "application/json")], body: body))
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"echo":26}"#)
        _ = try await transport.send(HTTPRequest(url: url))
        let recorded = server.requests
        #expect(recorded.map(\.method) == ["POST", "GET"])
        #expect(recorded.first?.body == body)
        #expect(recorded.last?.body.isEmpty == true)
    }

    @Test("the body takes part in equality and is never shown by the descriptions")
    func bodyEqualityAndRedaction() throws {
        let url = try #require(URL(string: "https://example.test/pets"))
        let secret = Data(#"{"seed":"hunter2"}"#.utf8)
        let request = HTTPRequest(method: "POST", url: url, body: secret)
        #expect(request != HTTPRequest(method: "POST", url: url))
        #expect(request == HTTPRequest(method: "POST", url: url, body: secret))
        for text in [request.description, request.debugDescription, String(reflecting: request)] {
            #expect(!text.contains("hunter2"))
        }
    }
}
