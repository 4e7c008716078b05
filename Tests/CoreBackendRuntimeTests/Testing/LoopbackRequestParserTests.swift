import CoreBackendRuntimeTesting
import Foundation
import Testing

/// The loopback server (under `core-backend mock`) answers malformed and oversized requests with an
/// error status and closes the connection; it never traps, and keeps serving other connections.
@Suite("LoopbackHTTPServer: hostile request heads and bodies")
struct LoopbackRequestParserTests {
    static func exchange(_ bytes: [UInt8], port: Int) async throws -> String {
        try await RawExchange.send(bytes, port: port)
    }

    static func request(_ head: String, body: String = "") -> [UInt8] {
        Array((head + "\r\n\r\n" + body).utf8)
    }

    @Test(
        "bad Content-Length values are a 400 response, not a crash",
        arguments: ["-5", "+5", "5x", "", " ", "0x10", "99999999999999999999999", "9223372036854775808", "1e3", "5, 6"])
    func badContentLength(value: String) async throws {
        let server = try LoopbackHTTPServer { _ in .json("{}") }
        defer { server.stop() }
        let answer = try await Self.exchange(
            Self.request("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: \(value)"), port: server.port)
        #expect(answer.hasPrefix("HTTP/1.1 400 "), "\(answer)")
        #expect(answer.contains("Connection: close"))
        #expect(server.requests.isEmpty)
    }

    @Test("conflicting Content-Length headers are a 400; repeated equal ones are accepted")
    func repeatedContentLength() async throws {
        let server = try LoopbackHTTPServer { _ in .json("{}") }
        defer { server.stop() }
        let conflicting = try await Self.exchange(
            Self.request("POST /x HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3", body: "abc"), port: server.port)
        #expect(conflicting.hasPrefix("HTTP/1.1 400 "))
        let equal = try await Self.exchange(
            Self.request(
                "POST /x HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 3\r\nConnection: close", body: "abc"),
            port: server.port)
        #expect(equal.hasPrefix("HTTP/1.1 200 "))
        #expect(server.requests.map(\.body) == [Data("abc".utf8)])
    }

    @Test("a body over 1 MiB is a 413 before it is read")
    func oversizedBody() async throws {
        let server = try LoopbackHTTPServer { _ in .json("{}") }
        defer { server.stop() }
        let answer = try await Self.exchange(
            Self.request("POST /x HTTP/1.1\r\nContent-Length: 1048577"), port: server.port)
        #expect(answer.hasPrefix("HTTP/1.1 413 "), "\(answer)")
    }

    @Test("a head over 64 KiB is a 431, with or without its end")
    func oversizedHead() async throws {
        let server = try LoopbackHTTPServer { _ in .json("{}") }
        defer { server.stop() }
        let filler = "X-Filler: " + String(repeating: "a", count: 70_000)
        let endless = try await Self.exchange(Array("GET / HTTP/1.1\r\n\(filler)".utf8), port: server.port)
        #expect(endless.hasPrefix("HTTP/1.1 431 "), "\(endless.prefix(80))")
        let complete = try await Self.exchange(Self.request("GET / HTTP/1.1\r\n\(filler)"), port: server.port)
        #expect(complete.hasPrefix("HTTP/1.1 431 "), "\(complete.prefix(80))")
    }

    @Test(
        "malformed request lines and headers are a 400; Transfer-Encoding a 501",
        arguments: [
            ("GET\r\nHost: a", "400"), ("GET /x\r\nHost: a", "400"), ("GET /x FTP/1.0", "400"),
            ("GET /x HTTP/1.1\r\nno colon here", "400"), ("GET /x HTTP/1.1\r\nBad Name: v", "400"),
            ("GET /x HTTP/1.1\r\n: empty name", "400"), ("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked", "501"),
            ("\u{0}\u{1}\u{FF} / HTTP/1.1", "200"),
        ])
    func malformed(head: String, status: String) async throws {
        let server = try LoopbackHTTPServer { _ in .json("{}") }
        defer { server.stop() }
        let answer = try await Self.exchange(
            Self.request(head + (status == "200" ? "\r\nConnection: close" : "")), port: server.port)
        #expect(answer.hasPrefix("HTTP/1.1 \(status) "), "\(answer)")
    }
}
