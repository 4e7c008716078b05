extension HTTPResponseParser {
    /// The fields of a head that decide framing, reuse and redirects, as collected line by line.
    struct HeadFields {
        var contentLength: Int?
        /// How many transfer codings were named, and whether any is not `chunked`.
        var transferCodings = 0
        var unsupportedCoding = false
        var transferEncoding = ""
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
        guard fields.transferCodings <= 1, !fields.unsupportedCoding else {
            throw .unsupportedTransferEncoding(UntrustedText.sanitize(fields.transferEncoding, maximumLength: 80))
        }
        let isChunked = fields.transferCodings == 1
        let keepAlive = !fields.close && (!isHTTP10 || fields.keepAliveToken)
        return HTTPResponseHead(
            status: status, reasonPhrase: reason, contentLength: fields.contentLength, isChunked: isChunked,
            keepAlive: keepAlive, location: fields.location)
    }

    /// `HTTP/1.0` or `HTTP/1.1`, a space, three digits (100…599), then an optional space and reason phrase.
    private static func statusLine(_ line: UnsafeRawBufferPointer) throws(HTTPResponseParseError)
        -> (isHTTP10: Bool, status: Int, reason: String)
    {
        func digit(_ index: Int) -> Int? {
            index < line.count && (48...57).contains(line[index]) ? Int(line[index] - 48) : nil
        }
        guard line.count >= 12, line.starts(with: httpVersionPrefix), line[7] == 48 || line[7] == 49, line[8] == 32,
            let hundreds = digit(9), let tens = digit(10), let ones = digit(11), (1...5).contains(hundreds),
            line.count == 12 || line[12] == 32
        else { throw .malformedStatusLine(HTTPResponseParseError.quote(line)) }
        let reasonBytes = UnsafeRawBufferPointer(rebasing: line[min(13, line.count)...])
        guard isFieldContent(reasonBytes) else { throw .malformedStatusLine(HTTPResponseParseError.quote(line)) }
        return (line[7] == 48, hundreds * 100 + tens * 10 + ones, String(decoding: reasonBytes, as: UTF8.self))
    }

    private static let httpVersionPrefix = Array("HTTP/1.".utf8)

    /// `token ":" OWS value OWS`: the name and the trimmed value; no obsolete line folding.
    static func field(_ line: UnsafeRawBufferPointer) throws(HTTPResponseParseError) -> (
        name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer
    ) {
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
        return (UnsafeRawBufferPointer(rebasing: line[..<colon]), value)
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
    private static let contentLengthName = Array("content-length".utf8)
    private static let transferEncodingName = Array("transfer-encoding".utf8)
    private static let connectionName = Array("connection".utf8)
    private static let locationName = Array("location".utf8)
    private static let chunked = Array("chunked".utf8)
    private static let closeToken = Array("close".utf8)
    private static let keepAliveName = Array("keep-alive".utf8)

    /// Keeps what one field says about framing, reuse or redirects.
    mutating func record(name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) throws(HTTPResponseParseError) {
        if Self.matches(name, Self.contentLengthName) {
            try recordContentLength(value)
        } else if Self.matches(name, Self.transferEncodingName) {
            transferEncoding += (transferEncoding.isEmpty ? "" : ", ") + String(decoding: value, as: UTF8.self)
            Self.forEachToken(value) { token in
                transferCodings += 1
                if !Self.matches(token, Self.chunked) { unsupportedCoding = true }
            }
        } else if Self.matches(name, Self.connectionName) {
            Self.forEachToken(value) { token in
                if Self.matches(token, Self.closeToken) { close = true }
                if Self.matches(token, Self.keepAliveName) { keepAliveToken = true }
            }
        } else if Self.matches(name, Self.locationName) {
            location = String(decoding: value, as: UTF8.self)
        }
    }

    private mutating func recordContentLength(_ value: UnsafeRawBufferPointer) throws(HTTPResponseParseError) {
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
    }

    /// Whether `bytes` equal the lower-case ASCII `name`, ignoring case (token bytes only).
    static func matches(_ bytes: UnsafeRawBufferPointer, _ name: [UInt8]) -> Bool {
        guard bytes.count == name.count else { return false }
        for index in 0..<name.count where bytes[index] | 0x20 != name[index] { return false }
        return true
    }

    /// Calls `body` with each element of a comma-separated list, white space trimmed, empty ones skipped.
    private static func forEachToken(_ value: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Void) {
        var start = 0
        while start <= value.count {
            var end = start
            while end < value.count, value[end] != UInt8(ascii: ",") { end += 1 }
            var (first, last) = (start, end)
            while first < last, value[first] == 32 || value[first] == 9 { first += 1 }
            while last > first, value[last - 1] == 32 || value[last - 1] == 9 { last -= 1 }
            if first < last { body(UnsafeRawBufferPointer(rebasing: value[first..<last])) }
            start = end + 1
        }
    }
}
