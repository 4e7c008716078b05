import CoreBackendRuntime
import Foundation

/// Reads HTTP/1.1 requests from a stream, one after another (keep-alive), within fixed limits.
///
/// Anything it does not accept ends the connection with an error response instead of a request: a
/// head over ``maximumHeadSize`` (431), a `Content-Length` that is not a plain decimal number, is
/// repeated with different values or does not fit an `Int` (400), a body over ``maximumBodySize``
/// (413), `Transfer-Encoding` (501: the loopback server reads only `Content-Length` bodies) and a
/// malformed request line or header line (400). It never traps on what a peer sends.
struct HTTPConnectionReader {
    /// The largest request head (request line and headers) accepted: 64 KiB.
    static let maximumHeadSize = 64 << 10
    /// The largest request body accepted: 1 MiB.
    static let maximumBodySize = 1 << 20

    /// What ``nextRequest()`` read.
    enum Outcome: Equatable {
        /// A complete request.
        case request(LoopbackHTTPRequest)
        /// A request the server refuses: send this response, then close the connection.
        case rejected(LoopbackHTTPResponse)
        /// The peer closed the connection (or it failed) between or inside requests.
        case closed
    }

    let stream: any ByteStream
    private var buffer: [UInt8] = []
    /// How far `buffer` has been searched for the end of the head, so each byte is scanned once.
    private var scanned = 0

    init(stream: any ByteStream) { self.stream = stream }

    /// Reads the next request, or why there is none.
    mutating func nextRequest() -> Outcome {
        while true {
            if let end = headEnd() {
                let outcome = parse(head: buffer[..<end], bodyStart: end + 4)
                return outcome
            }
            if buffer.count > Self.maximumHeadSize { return .rejected(Self.reject(431)) }
            guard fill() else { return .closed }
        }
    }

    private mutating func parse(head: ArraySlice<UInt8>, bodyStart: Int) -> Outcome {
        guard bodyStart - 4 <= Self.maximumHeadSize else { return .rejected(Self.reject(431)) }
        var lines = Self.lines(head)
        let requestLine = lines.removeFirst().split(separator: " ", omittingEmptySubsequences: false)
        guard requestLine.count == 3, !requestLine[0].isEmpty, !requestLine[1].isEmpty,
            requestLine[2].hasPrefix("HTTP/1.")
        else { return .rejected(Self.reject(400, "malformed request line")) }
        var headers: [LoopbackHTTPRequest.Header] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex,
                !line[..<colon].contains(where: { $0 == " " || $0 == "\t" })
            else { return .rejected(Self.reject(400, "malformed header line")) }
            headers.append(
                .init(
                    name: String(line[..<colon]),
                    value: String(line[line.index(after: colon)...].trimmingWhitespace())))
        }
        if headers.contains(where: { $0.name.lowercased() == "transfer-encoding" }) {
            return .rejected(Self.reject(501, "Transfer-Encoding is not supported"))
        }
        let lengths = Set(headers.filter { $0.name.lowercased() == "content-length" }.map(\.value))
        guard lengths.count <= 1 else { return .rejected(Self.reject(400, "conflicting Content-Length")) }
        var length = 0
        if let text = lengths.first {
            guard !text.isEmpty, text.utf8.count <= 19, text.utf8.allSatisfy({ (48...57).contains($0) }),
                let value = Int(text)
            else { return .rejected(Self.reject(400, "invalid Content-Length")) }
            length = value
        }
        guard length <= Self.maximumBodySize else { return .rejected(Self.reject(413)) }
        while buffer.count - bodyStart < length {
            guard fill() else { return .closed }
        }
        let body = Data(buffer[bodyStart..<(bodyStart + length)])
        buffer.removeFirst(bodyStart + length)
        scanned = 0
        return .request(
            LoopbackHTTPRequest(
                method: String(requestLine[0]), target: String(requestLine[1]), headers: headers, body: body))
    }

    /// The head's lines (split at CRLF, bytes first: no Foundation scan of the whole text), decoded.
    private static func lines(_ head: ArraySlice<UInt8>) -> [String] {
        var lines: [String] = []
        var start = head.startIndex
        var index = head.startIndex
        while index < head.endIndex {
            if head[index] == 13, index + 1 < head.endIndex, head[index + 1] == 10 {
                lines.append(String(decoding: head[start..<index], as: UTF8.self))
                index += 2
                start = index
            } else {
                index += 1
            }
        }
        lines.append(String(decoding: head[start..<head.endIndex], as: UTF8.self))
        return lines
    }

    private mutating func headEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        var index = max(0, scanned - 3)
        while index <= buffer.count - 4 {
            if buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 {
                return index
            }
            index += 1
        }
        scanned = buffer.count
        return nil
    }

    private mutating func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16_384)
        let count = (try? chunk.withUnsafeMutableBytes { try stream.read(into: $0, deadline: nil) }) ?? 0
        guard count > 0 else { return false }
        buffer.append(contentsOf: chunk[..<count])
        return true
    }

    private static func reject(_ status: Int, _ message: String? = nil) -> LoopbackHTTPResponse {
        let text = message ?? HTTPStatusPhrase.phrase(status)
        return .json(#"{"error":{"code":"BAD_REQUEST","message":"\#(text)"}}"#, status: status)
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs (what `.whitespaces` trims in a header value).
    fileprivate func trimmingWhitespace() -> Substring {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else {
            return ""
        }
        return self[first...last]
    }
}
