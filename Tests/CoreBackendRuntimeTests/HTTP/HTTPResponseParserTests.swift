import CoreBackendRuntime
import Foundation
import Testing

/// The response parser on its own: framing, reuse, interim responses and how input is split.
@Suite("HTTPResponseParser")
struct HTTPResponseParserTests {
    /// Parses `raw` fed `step` bytes at a time (the rest kept, as the connection's buffer does).
    static func parse(_ raw: String, step: Int = .max, limit: Int = 1 << 20, isHead: Bool = false, close: Bool = false)
        throws(HTTPResponseParseError) -> HTTPResponseParser
    {
        try HTTPResponseParser.parse(
            Array(raw.utf8), readSize: step, limits: .init(maximumBodySize: limit), isHeadRequest: isHead, closes: close
        )
    }

    static let chunked =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-A: b\r\n\r\n3;x=y\r\nabc\r\n10\r\n0123456789abcdef\r\n0\r\nT: 1\r\n\r\n"

    @Test("a chunked response parses the same whatever the read size", arguments: [1, 2, 3, 7, 64, Int.max])
    func splits(step: Int) throws {
        let parser = try Self.parse(Self.chunked, step: step)
        #expect(parser.isComplete)
        #expect(parser.body == Data("abc0123456789abcdef".utf8))
        #expect(parser.head?.keepAlive == true && parser.head?.isChunked == true)
    }

    @Test("interim 1xx responses are skipped; 101 is refused")
    func interim() throws {
        let parser = try Self.parse(
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi", step: 5)
        #expect(parser.head?.status == 200 && parser.body == Data("hi".utf8))
        #expect(throws: HTTPResponseParseError.unexpectedStatus(101)) {
            try Self.parse("HTTP/1.1 101 Switching Protocols\r\n\r\n")
        }
    }

    @Test("HEAD, 204 and 304 have no body whatever Content-Length says")
    func noBody() throws {
        #expect(try Self.parse("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n", isHead: true).isComplete)
        #expect(try Self.parse("HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n").isComplete)
        #expect(try Self.parse("HTTP/1.1 304 Not Modified\r\n\r\n").isComplete)
    }

    @Test("reuse: HTTP/1.0 only with keep-alive; Connection: close; a body read to the close")
    func reuse() throws {
        #expect(try Self.parse("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").head?.keepAlive == false)
        #expect(
            try Self.parse("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n").head?.keepAlive
                == true)
        #expect(
            try Self.parse("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n").head?.keepAlive == false
        )
        let untilClose = try Self.parse("HTTP/1.1 200 OK\r\n\r\nrest", close: true)
        #expect(untilClose.isComplete && untilClose.body == Data("rest".utf8) && untilClose.head?.keepAlive == false)
    }

    @Test("the reason phrase is kept as received; an empty one is allowed")
    func reason() throws {
        #expect(
            try Self.parse("HTTP/1.1 418 I'm a teapot\r\nContent-Length: 0\r\n\r\n").head?.reasonPhrase
                == "I'm a teapot")
        #expect(try Self.parse("HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n").head?.reasonPhrase == "")
    }

    @Test("sizes: chunk sizes and lengths overflow-checked and held to the body limit")
    func sizes() {
        #expect(throws: HTTPResponseParseError.bodyTooLarge(limit: 10)) {
            try Self.parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nb\r\n", limit: 10)
        }
        #expect(throws: HTTPResponseParseError.invalidChunk("chunk size overflows")) {
            try Self.parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10000000000000000\r\n")
        }
        #expect(throws: HTTPResponseParseError.invalidContentLength("overflows")) {
            try Self.parse("HTTP/1.1 200 OK\r\nContent-Length: 9223372036854775808\r\n\r\n")
        }
        #expect(throws: HTTPResponseParseError.bodyTooLarge(limit: 4)) {
            try Self.parse("HTTP/1.1 200 OK\r\n\r\nhello", limit: 4)
        }
    }

    @Test("a head without its end is held until the limit, then headTooLarge")
    func headLimit() throws {
        let partial = try Self.parse("HTTP/1.1 200 OK\r\nX: 1\r\n", step: 3)
        #expect(!partial.isComplete && partial.head == nil)
        #expect(throws: HTTPResponseParseError.headTooLarge(limit: 64 * 1024)) {
            try Self.parse("HTTP/1.1 200 OK\r\n" + String(repeating: "X: 1\r\n", count: 20_000), step: 4096)
        }
        #expect(throws: HTTPResponseParseError.truncated("in the head")) {
            try Self.parse("HTTP/1.1 200 OK\r\n", close: true)
        }
    }
}
