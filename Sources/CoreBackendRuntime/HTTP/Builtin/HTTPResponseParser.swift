package import Foundation

/// An incremental HTTP/1.1 response parser: status line and fields, then a body framed by
/// `Content-Length`, `Transfer-Encoding: chunked` or the end of the stream.
///
/// Bounded for hostile peers (DESIGN.md, "Untrusted input"): the head is at most
/// ``Limits/maximumHeadSize`` bytes with ``Limits/maximumHeaderCount`` fields, a chunk-size line at
/// most ``Limits/maximumChunkLineLength`` bytes, the body at most ``Limits/maximumBodySize`` bytes
/// (a larger `Content-Length` or chunk size fails as soon as it is read); numbers are parsed with
/// overflow checks. Every violation is an ``HTTPResponseParseError``. Interim `1xx` responses are
/// skipped (at most ``Limits/maximumInterimResponses``).
///
/// Feed it the bytes as they arrive with ``parse(_:)``, which returns how many it used (it keeps no
/// unparsed input: a partial line is left to the caller, who passes it again with more bytes), and
/// call ``endOfStream()`` when the peer closes.
package struct HTTPResponseParser: Sendable {
    /// The parser's bounds.
    package struct Limits: Sendable, Hashable {
        /// The longest head accepted (status line, fields and the blank line), in bytes.
        package var maximumHeadSize = 64 * 1024
        /// The most header fields (and, separately, trailer fields) accepted.
        package var maximumHeaderCount = 100
        /// The largest body accepted, in bytes.
        package var maximumBodySize: Int
        /// The longest chunk-size line (size and extensions), in bytes.
        package var maximumChunkLineLength = 4 * 1024
        /// The most `1xx` interim responses skipped before the final one.
        package var maximumInterimResponses = 8

        package init(maximumBodySize: Int) {
            self.maximumBodySize = max(0, maximumBodySize)
        }
    }

    enum State: Sendable, Hashable {
        case head
        case fixedBody(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkEnd
        case trailers(count: Int, bytes: Int)
        case untilClose
        case complete
    }

    package let limits: Limits
    /// Whether the request was `HEAD` (whose response has no body whatever its fields say).
    package let isHeadRequest: Bool
    /// The final response's head, once parsed.
    package internal(set) var head: HTTPResponseHead?
    /// The body received so far.
    package internal(set) var body = Data()
    var state = State.head
    /// How many bytes of a pending head were already searched for its end.
    var searched = 0
    var interimResponses = 0

    package init(limits: Limits, isHeadRequest: Bool = false) {
        self.limits = limits
        self.isHeadRequest = isHeadRequest
    }

    /// Whether the whole response has been parsed.
    package var isComplete: Bool { state == .complete }

    /// Parses as much of `bytes` as forms whole elements; returns the number of bytes used.
    ///
    /// Bytes after a complete response are not used (the caller decides what extra bytes mean).
    package mutating func parse(_ bytes: UnsafeRawBufferPointer) throws(HTTPResponseParseError) -> Int {
        var offset = 0
        while offset < bytes.count, state != .complete {
            let used = try step(UnsafeRawBufferPointer(rebasing: bytes[offset...]))
            if used == 0 { break }
            offset += used
        }
        return offset
    }

    /// The peer closed the stream: completes a body delimited by the close, otherwise throws
    /// ``HTTPResponseParseError/truncated(_:)`` unless the response was already complete.
    package mutating func endOfStream() throws(HTTPResponseParseError) {
        switch state {
        case .complete: return
        case .untilClose: state = .complete
        case .head: throw .truncated(head == nil && searched == 0 ? "no response" : "in the head")
        case .fixedBody(let remaining): throw .truncated("\(remaining) bytes of the body missing")
        case .chunkSize, .chunkData, .chunkEnd, .trailers: throw .truncated("in the chunked body")
        }
    }

    /// Parses `stream` as a connection does, in reads of `readSize` bytes with unparsed bytes kept for
    /// the next read, then (when `closes`) the peer's close; for tests and the fuzz target.
    package static func parse(
        _ stream: [UInt8], readSize: Int, limits: Limits, isHeadRequest: Bool = false, closes: Bool = true
    ) throws(HTTPResponseParseError) -> HTTPResponseParser {
        var parser = HTTPResponseParser(limits: limits, isHeadRequest: isHeadRequest)
        var pending: [UInt8] = []
        var offset = 0
        while !parser.isComplete, offset < stream.count {
            let end = offset + min(stream.count - offset, max(readSize, 1))
            pending += stream[offset..<end]
            offset = end
            let used = try pending.withUnsafeBytes { buffer in
                Result { () throws(HTTPResponseParseError) in try parser.parse(buffer) }
            }.get()
            pending.removeFirst(used)
        }
        if closes { try parser.endOfStream() }
        return parser
    }

    private mutating func step(_ bytes: UnsafeRawBufferPointer) throws(HTTPResponseParseError) -> Int {
        switch state {
        case .head:
            return try parseHead(bytes)
        case .fixedBody(let remaining):
            let count = appendBody(bytes, upTo: remaining)
            state = remaining == count ? .complete : .fixedBody(remaining: remaining - count)
            return count
        case .chunkSize:
            return try parseChunkSize(bytes)
        case .chunkData(let remaining):
            let count = appendBody(bytes, upTo: remaining)
            state = remaining == count ? .chunkEnd : .chunkData(remaining: remaining - count)
            return count
        case .chunkEnd:
            guard bytes.count >= 2 else { return 0 }
            guard bytes[0] == 13, bytes[1] == 10 else { throw .invalidChunk("chunk data not followed by CRLF") }
            state = .chunkSize
            return 2
        case .trailers(let count, let size):
            return try parseTrailer(bytes, count: count, size: size)
        case .untilClose:
            guard bytes.count <= limits.maximumBodySize - body.count else {
                throw .bodyTooLarge(limit: limits.maximumBodySize)
            }
            return appendBody(bytes, upTo: bytes.count)
        case .complete:
            return 0
        }
    }

    /// Appends up to `limit` of `bytes` to the body; returns how many.
    private mutating func appendBody(_ bytes: UnsafeRawBufferPointer, upTo limit: Int) -> Int {
        let count = min(limit, bytes.count)
        if count > 0 { body.append(bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), count: count) }
        return count
    }

    /// The index of the first CRLF in `bytes[start..<min(end, bytes.count)]`, or nil.
    static func lineEnd(in bytes: UnsafeRawBufferPointer, from start: Int = 0, before end: Int = .max) -> Int? {
        let stop = min(end, bytes.count) - 1
        var index = start
        while index < stop {
            if bytes[index] == 13 && bytes[index + 1] == 10 { return index }
            index += 1
        }
        return nil
    }

    /// `1*HEXDIG [BWS ";" chunk-ext] CRLF`, overflow-checked; a size past the body limit fails here.
    private mutating func parseChunkSize(_ bytes: UnsafeRawBufferPointer) throws(HTTPResponseParseError) -> Int {
        let maximum = limits.maximumChunkLineLength
        guard let end = Self.lineEnd(in: bytes, before: maximum + 2) else {
            if bytes.count > maximum { throw .invalidChunk("chunk-size line longer than \(maximum) bytes") }
            return 0
        }
        var size = 0
        var index = 0
        while index < end, let digit = Self.hexValue(bytes[index]) {
            let (shifted, overflow) = size.multipliedReportingOverflow(by: 16)
            guard !overflow else { throw .invalidChunk("chunk size overflows") }
            size = shifted + digit
            index += 1
        }
        guard index > 0 else {
            throw .invalidChunk(
                "chunk size is not hexadecimal: \(HTTPResponseParseError.quote(.init(rebasing: bytes[..<end])))")
        }
        while index < end, bytes[index] == 32 || bytes[index] == 9 { index += 1 }
        if index < end {
            guard bytes[index] == UInt8(ascii: ";") else { throw .invalidChunk("unexpected text after the chunk size") }
            for byte in bytes[index..<end] where (byte < 32 && byte != 9) || byte == 127 {
                throw .invalidChunk("control character in a chunk extension")
            }
        }
        guard size <= limits.maximumBodySize - body.count else { throw .bodyTooLarge(limit: limits.maximumBodySize) }
        state = size == 0 ? .trailers(count: 0, bytes: 0) : .chunkData(remaining: size)
        return end + 2
    }

    /// One trailer field line, or the blank line that ends the response; trailers are checked and dropped.
    private mutating func parseTrailer(_ bytes: UnsafeRawBufferPointer, count: Int, size: Int)
        throws(HTTPResponseParseError) -> Int
    {
        let remaining = limits.maximumHeadSize - size
        guard let end = Self.lineEnd(in: bytes, before: remaining + 2) else {
            if bytes.count > remaining { throw .invalidChunk("trailers larger than \(limits.maximumHeadSize) bytes") }
            return 0
        }
        if end == 0 {
            state = .complete
            return 2
        }
        guard count < limits.maximumHeaderCount else {
            throw .invalidChunk("more than \(limits.maximumHeaderCount) trailers")
        }
        _ = try Self.field(UnsafeRawBufferPointer(rebasing: bytes[..<end]))
        state = .trailers(count: count + 1, bytes: size + end + 2)
        return end + 2
    }

    static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
