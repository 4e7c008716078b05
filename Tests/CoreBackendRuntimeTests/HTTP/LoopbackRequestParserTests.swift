import CoreBackendTesting
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The loopback server (under `core-backend mock`) answers malformed and oversized requests with an
/// error status and closes the connection; it never traps, and keeps serving other connections.
@Suite("LoopbackHTTPServer: hostile request heads and bodies")
struct LoopbackRequestParserTests {
    /// Sends `bytes` on a fresh connection to 127.0.0.1:`port` and returns everything the server answers
    /// until it closes (at most 5 s). Blocks a thread of its own, never the cooperative pool the server's
    /// handlers run on.
    static func exchange(_ bytes: [UInt8], port: Int) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try blockingExchange(bytes, port: port) }) }.start()
        }
    }

    private static func blockingExchange(_ bytes: [UInt8], port: Int) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(connected == 0)
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { break }  // the server may close before reading everything (oversized input)
            offset += sent
        }
        var answer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4_096)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            answer.append(contentsOf: chunk[..<count])
        }
        return String(decoding: answer, as: UTF8.self)
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
        let answer = try await Self.exchange(Self.request("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: \(value)"), port: server.port)
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
            Self.request("POST /x HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 3\r\nConnection: close", body: "abc"),
            port: server.port)
        #expect(equal.hasPrefix("HTTP/1.1 200 "))
        #expect(server.requests.map(\.body) == [Data("abc".utf8)])
    }

    @Test("a body over 1 MiB is a 413 before it is read")
    func oversizedBody() async throws {
        let server = try LoopbackHTTPServer { _ in .json("{}") }
        defer { server.stop() }
        let answer = try await Self.exchange(Self.request("POST /x HTTP/1.1\r\nContent-Length: 1048577"), port: server.port)
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
        let answer = try await Self.exchange(Self.request(head + (status == "200" ? "\r\nConnection: close" : "")), port: server.port)
        #expect(answer.hasPrefix("HTTP/1.1 \(status) "), "\(answer)")
    }

    @Test("the mock backend keeps serving after hostile requests")
    func keepsServing() async throws {
        let backend = try MockBackend()
        defer { backend.stop() }
        _ = try await Self.exchange(Self.request("POST /accounts/v1/supportedNetworks HTTP/1.1\r\nContent-Length: -5"), port: backend.port)
        let answer = try await Self.exchange(
            Self.request("GET /accounts/v1/supportedNetworks HTTP/1.1\r\nConnection: close"), port: backend.port)
        #expect(answer.hasPrefix("HTTP/1.1 200 "))
    }
}
