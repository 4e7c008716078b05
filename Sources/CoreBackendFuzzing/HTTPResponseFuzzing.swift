import CoreBackendRuntime
import Foundation

/// `HTTPResponseParser` as `BuiltinHTTPTransport`'s connections drive it, on a server-to-client stream.
///
/// Input: byte 0 picks the read size (0: one read; n: reads of n bytes); byte 1 picks the request kind
/// (bit 0: `HEAD`) and the body limit (bits 1–2: 0, 16, 1,024 or 1 MiB bytes); the rest is the stream,
/// ended by the peer's close. Invariants: the outcome does not depend on the read size; a body never
/// exceeds the limit; a `Content-Length` body is exactly that long; the reason phrase holds no control
/// characters other than tab.
enum HTTPResponseFuzzing {
    /// What one parse came to: the response (head and body), or the error.
    struct Outcome: Equatable {
        var head: HTTPResponseHead?
        var body: Data
        var error: HTTPResponseParseError?
        var isComplete: Bool
    }

    static func run(_ bytes: UnsafeRawBufferPointer) throws(FuzzFailure) {
        guard bytes.count >= 2 else { return }
        let limit = [0, 16, 1_024, 1 << 20][Int(bytes[1] >> 1) & 3]
        let isHead = bytes[1] & 1 == 1
        let stream = Array(bytes.dropFirst(2))
        let whole = parse(stream, readSize: max(stream.count, 1), limit: limit, isHead: isHead)
        if bytes[0] != 0 {
            let split = parse(stream, readSize: Int(bytes[0]), limit: limit, isHead: isHead)
            try check(split == whole, "\(bytes[0])-byte reads give \(brief(split)) != one read: \(brief(whole))")
        }
        try check(whole.body.count <= limit, "body of \(whole.body.count) bytes over the limit \(limit)")
        guard let head = whole.head, whole.isComplete else { return }
        try check(
            !head.reasonPhrase.unicodeScalars.contains { ($0.value < 32 && $0 != "\t") || $0.value == 127 },
            "reason \(brief(head.reasonPhrase))")
        try check((100...599).contains(head.status), "status \(head.status)")
        if let length = head.contentLength, !head.isChunked, !isHead, head.status != 204, head.status != 304 {
            try check(whole.body.count == length, "body of \(whole.body.count) bytes, Content-Length \(length)")
        }
    }

    /// The outcome of parsing `stream` in reads of `readSize` bytes, ended by the peer's close.
    static func parse(_ stream: [UInt8], readSize: Int, limit: Int, isHead: Bool) -> Outcome {
        do {
            let parser = try HTTPResponseParser.parse(
                stream, readSize: readSize, limits: .init(maximumBodySize: limit), isHeadRequest: isHead)
            return Outcome(head: parser.head, body: parser.body, error: nil, isComplete: parser.isComplete)
        } catch {
            return Outcome(head: nil, body: Data(), error: error, isComplete: false)
        }
    }
}
