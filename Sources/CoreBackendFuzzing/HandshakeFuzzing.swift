import CoreBackendRuntime

/// The HTTP head parser and the upgrade checks on the bytes a peer sends during the handshake.
///
/// Invariants: a parsed head used between 4 and all of the bytes and within the size limit; no shorter
/// prefix parses; serialising the head and parsing it again gives the same head; the response and request
/// checks fail with their typed errors (a successful response check implies status 101 and a matching
/// accept value).
enum HandshakeFuzzing {
    /// The RFC 6455 sample key; seeds carry its accept value `s3pPLMBiTxaQ9kYGzzhZRbK+xOo=`.
    static let key = "dGhlIHNhbXBsZSBub25jZQ=="

    static func run(_ bytes: UnsafeRawBufferPointer) throws(FuzzFailure) {
        let parsed: (HTTPHead, Int)?
        do {
            parsed = try HTTPHead.parse(bytes)
        } catch .tooLarge {
            try check(bytes.count > HTTPHead.maximumSize, "tooLarge for \(bytes.count) bytes")
            return
        } catch {
            return  // malformed: typed, fine
        }
        guard let (head, used) = parsed else {
            try check(bytes.count <= HTTPHead.maximumSize + 3, "no head and no error after \(bytes.count) bytes")
            return
        }
        try check(used >= 4 && used <= bytes.count && used <= HTTPHead.maximumSize + 4, "head used \(used) bytes")
        // The client reads the response in pieces: a prefix one byte short has no complete head yet.
        let shorter = try? HTTPHead.parse(UnsafeRawBufferPointer(rebasing: bytes[..<(used - 1)]))
        try check(shorter ?? nil == nil, "a prefix of \(used - 1) bytes already parses")
        let serialised = head.bytes
        let reparsed = try? serialised.withUnsafeBytes { try HTTPHead.parse($0) }
        try check(
            reparsed?.0 == head && reparsed?.1 == serialised.count,
            "round trip of \(brief(head.bytes)) gives \(brief(reparsed))")

        switch Result(catching: { () throws(WebSocketError) in try WebSocketHandshake.validateResponse(head, key: key) }
        ) {
        case .success:
            let status = head.startLine.split(separator: " ", maxSplits: 2).dropFirst().first.flatMap { Int($0) }
            try check(status == 101, "accepted \(brief(head.startLine))")
            try check(
                head["Sec-WebSocket-Accept"] == WebSocketHandshake.acceptValue(forKey: key),
                "accepted a wrong accept value")
        case .failure(.handshakeFailed(let status, _)):
            try check(status != 101, "handshakeFailed with status 101")
        case .failure(.invalidHandshakeResponse):
            break
        case .failure(let error):
            throw FuzzFailure("validateResponse threw \(error)")
        }
        if case .success(let requestKey) = WebSocketHandshake.validateRequest(head) {
            try check(head["Sec-WebSocket-Key"] == requestKey, "validateRequest returned another key")
        }
        _ = head.headerDictionary
    }
}
