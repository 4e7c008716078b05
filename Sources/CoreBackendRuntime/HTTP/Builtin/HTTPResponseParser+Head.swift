extension HTTPResponseParser {
    /// The fields of a head that decide framing, reuse and redirects, as collected line by line.
    struct HeadFields {
        var contentLength: Int?
        var transferEncodings: [String] = []
        var close = false
        var keepAliveToken = false
        var location: String?
    }

    /// Parses a head once its blank line has arrived; skips `1xx` interim responses.
    mutating func parseHead(_ bytes: UnsafeRawBufferPointer) throws(HTTPResponseParseError) -> Int {
        let limit = limits.maximumHeadSize
        if bytes.count >= 2, bytes[0] == 13, bytes[1] == 10 { throw .malformedStatusLine("empty status line") }
        guard let end = Self.headEnd(in: bytes, from: max(0, searched - 3), before: limit + 4) else {
            if bytes.count > limit { throw .headTooLarge(limit: limit) }
            searched = bytes.count
            return 0
        }
        searched = 0
        let head = try Self.head(UnsafeRawBufferPointer(rebasing: bytes[..<end]), limits: limits)
        if (100..<200).contains(head.status) {
            interimResponses += 1
            guard head.status != 101, interimResponses <= limits.maximumInterimResponses else {
                throw .unexpectedStatus(head.status)
            }
            return end + 4
        }
        try frame(head)
        return end + 4
    }

    /// Where the blank line ending the head starts (the CRLF before CRLF CRLF), or nil.
    private static func headEnd(in bytes: UnsafeRawBufferPointer, from start: Int, before end: Int) -> Int? {
        let stop = min(end, bytes.count) - 3
        var index = start
        while index < stop {
            if bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
                return index
            }
            index += 1
        }
        return nil
    }

    /// Chooses the body framing (RFC 9112 §6.3) and checks an announced length against the limit.
    private mutating func frame(_ head: HTTPResponseHead) throws(HTTPResponseParseError) {
        self.head = head
        if isHeadRequest || head.status == 204 || head.status == 304 {
            state = .complete
        } else if head.isChunked {
            // A Content-Length next to chunked is ignored, but the connection is not trusted afterwards.
            if head.contentLength != nil { self.head?.keepAlive = false }
            state = .chunkSize
        } else if let length = head.contentLength {
            guard length <= limits.maximumBodySize else { throw .bodyTooLarge(limit: limits.maximumBodySize) }
            body.reserveCapacity(length)
            state = length == 0 ? .complete : .fixedBody(remaining: length)
        } else {
            self.head?.keepAlive = false
            state = .untilClose
        }
    }

    /// The status line and fields of `bytes` (a head without its final CRLF CRLF).
    static func head(_ bytes: UnsafeRawBufferPointer, limits: Limits) throws(HTTPResponseParseError)
        -> HTTPResponseHead
    {
        let statusEnd = lineEnd(in: bytes) ?? bytes.count
        let (isHTTP10, status, reason) = try statusLine(UnsafeRawBufferPointer(rebasing: bytes[..<statusEnd]))
        var fields = HeadFields()
        var count = 0
        var start = statusEnd + 2
        while start < bytes.count {
            let end = lineEnd(in: bytes, from: start) ?? bytes.count
            count += 1
            guard count <= limits.maximumHeaderCount else { throw .tooManyHeaders(limit: limits.maximumHeaderCount) }
            let (name, value) = try field(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
            try fields.record(name: name, value: value)
            start = end + 2
        }
        let isChunked: Bool
        switch fields.transferEncodings {
        case []: isChunked = false
        case ["chunked"]: isChunked = true
        default: throw .unsupportedTransferEncoding(UntrustedText.sanitize(fields.transferEncodings.joined(separator: ", ")))
        }
        let keepAlive = !fields.close && (!isHTTP10 || fields.keepAliveToken)
        return HTTPResponseHead(
            status: status, reasonPhrase: reason, contentLength: fields.contentLength, isChunked: isChunked,
            keepAlive: keepAlive, location: fields.location)
    }

    /// `HTTP/1.0` or `HTTP/1.1`, a space, three digits (100…599), then an optional space and reason phrase.
    private static func statusLine(_ line: UnsafeRawBufferPointer) throws(HTTPResponseParseError)
        -> (isHTTP10: Bool, status: Int, reason: String)
    {
        let prefix = Array("HTTP/1.".utf8)
        func digit(_ index: Int) -> Int? {
            index < line.count && (48...57).contains(line[index]) ? Int(line[index] - 48) : nil
        }
        guard line.count >= 12, line.starts(with: prefix), line[7] == 48 || line[7] == 49, line[8] == 32,
            let hundreds = digit(9), let tens = digit(10), let ones = digit(11), (1...5).contains(hundreds),
            line.count == 12 || line[12] == 32
        else { throw .malformedStatusLine(HTTPResponseParseError.quote(line)) }
        let reasonBytes = line.count > 13 ? UnsafeRawBufferPointer(rebasing: line[13...]) : UnsafeRawBufferPointer(rebasing: line[0..<0])
        guard isFieldContent(reasonBytes) else { throw .malformedStatusLine(HTTPResponseParseError.quote(line)) }
        return (line[7] == 48, hundreds * 100 + tens * 10 + ones, String(decoding: reasonBytes, as: UTF8.self))
    }

    /// `token ":" OWS value OWS`: the name lower-cased, the value trimmed; no obsolete line folding.
    static func field(_ line: UnsafeRawBufferPointer) throws(HTTPResponseParseError) -> (String, UnsafeRawBufferPointer) {
        var colon = 0
        while colon < line.count, isTokenByte(line[colon]) { colon += 1 }
        guard colon > 0, colon < line.count, line[colon] == UInt8(ascii: ":") else {
            throw .malformedHeader(HTTPResponseParseError.quote(line))
        }
        var start = colon + 1
        var end = line.count
        while start < end, line[start] == 32 || line[start] == 9 { start += 1 }
        while end > start, line[end - 1] == 32 || line[end - 1] == 9 { end -= 1 }
        let value = UnsafeRawBufferPointer(rebasing: line[start..<end])
        guard isFieldContent(value) else { throw .malformedHeader(HTTPResponseParseError.quote(line)) }
        let name = String(unsafeUninitializedCapacity: colon) { buffer in
            for index in 0..<colon { buffer[index] = line[index] | (line[index] &- 65 < 26 ? 0x20 : 0) }
            return colon
        }
        return (name, value)
    }

    /// RFC 9110 `tchar`.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default: "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    /// Visible ASCII, obs-text, space and tab only.
    static func isFieldContent(_ bytes: UnsafeRawBufferPointer) -> Bool {
        !bytes.contains { ($0 < 32 && $0 != 9) || $0 == 127 }
    }
}

extension HTTPResponseParser.HeadFields {
    /// Keeps what one field says about framing, reuse or redirects.
    mutating func record(name: String, value: UnsafeRawBufferPointer) throws(HTTPResponseParseError) {
        switch name {
        case "content-length":
            var length = 0
            for byte in value {
                guard (48...57).contains(byte) else { throw .invalidContentLength(HTTPResponseParseError.quote(value)) }
                let (shifted, overflow) = length.multipliedReportingOverflow(by: 10)
                let (sum, carry) = shifted.addingReportingOverflow(Int(byte - 48))
                guard !overflow, !carry else { throw .invalidContentLength("overflows") }
                length = sum
            }
            guard !value.isEmpty, contentLength == nil || contentLength == length else {
                throw .invalidContentLength(HTTPResponseParseError.quote(value))
            }
            contentLength = length
        case "transfer-encoding":
            transferEncodings += Self.tokens(value)
        case "connection":
            let tokens = Self.tokens(value)
            close = close || tokens.contains("close")
            keepAliveToken = keepAliveToken || tokens.contains("keep-alive")
        case "location":
            location = String(decoding: value, as: UTF8.self)
        default:
            break
        }
    }

    /// A comma-separated list, elements trimmed and lower-cased, empty ones dropped.
    private static func tokens(_ value: UnsafeRawBufferPointer) -> [String] {
        String(decoding: value, as: UTF8.self).lowercased().split(separator: ",").compactMap { element in
            let trimmed = element.trimmingSpaces()
            return trimmed.isEmpty ? nil : trimmed
        }
    }
}
