import Foundation

/// The opening handshake (RFC 6455 §4) as pure functions over ``HTTPHead`` values.
package enum WebSocketHandshake {
    /// The GUID appended to the key before hashing (RFC 6455 §1.3).
    package static let acceptGUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    /// A fresh `Sec-WebSocket-Key`: 16 random bytes, base64-encoded.
    package static func randomKey(using generator: inout some RandomNumberGenerator) -> String {
        let bytes = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
    }

    /// The `Sec-WebSocket-Accept` value for `key`: base64(SHA-1(key + GUID)).
    package static func acceptValue(forKey key: String) -> String {
        Data(SHA1.hash(Array((key + acceptGUID).utf8))).base64EncodedString()
    }

    /// The client's upgrade request for `target`, with `headers` added (those the handshake owns are ignored).
    package static func request(for target: WebSocketURL, key: String, headers: [String: String]) -> HTTPHead {
        var fields: [(name: String, value: String)] = [
            ("Host", target.hostHeader),
            ("Upgrade", "websocket"),
            ("Connection", "Upgrade"),
            ("Sec-WebSocket-Key", key),
            ("Sec-WebSocket-Version", "13"),
        ]
        let owned = Set(fields.map { $0.name.lowercased() })
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) where !owned.contains(name.lowercased()) {
            fields.append((name, value))
        }
        return HTTPHead(startLine: "GET \(target.requestTarget) HTTP/1.1", fields: fields)
    }

    /// Checks the server's response to a request made with `key` that offered `requestedProtocols`
    /// (the request's `Sec-WebSocket-Protocol` values, empty when it offered none).
    ///
    /// Server text that ends up in an error (the status line, header values) is sanitised with
    /// ``UntrustedText``: control characters escaped, length capped, credentials redacted.
    ///
    /// - Throws: ``WebSocketError/handshakeFailed(status:headers:)`` for a status other than 101, and
    ///   ``WebSocketError/invalidHandshakeResponse(reason:)`` for a 101 that is not a valid upgrade,
    ///   including one that selects a subprotocol or extension the client did not offer (RFC 6455 §4.1).
    package static func validateResponse(
        _ head: HTTPHead, key: String, requestedProtocols: [String] = []
    ) throws(WebSocketError) {
        let parts = head.startLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), parts[1].utf8.count == 3, let status = Int(parts[1])
        else {
            throw .invalidHandshakeResponse(
                reason: "malformed status line: \(UntrustedText.sanitize(head.startLine, maximumLength: 80))")
        }
        guard status == 101 else { throw .handshakeFailed(status: status, headers: sanitizedHeaders(head)) }
        guard head["Upgrade"]?.lowercased() == "websocket" else {
            throw .invalidHandshakeResponse(reason: "missing or wrong Upgrade header")
        }
        guard head.header("Connection", containsToken: "upgrade") else {
            throw .invalidHandshakeResponse(reason: "missing or wrong Connection header")
        }
        guard head["Sec-WebSocket-Accept"] == acceptValue(forKey: key) else {
            throw .invalidHandshakeResponse(reason: "Sec-WebSocket-Accept does not match the key")
        }
        guard head["Sec-WebSocket-Extensions"] == nil else {
            throw .invalidHandshakeResponse(reason: "server selected an extension that was not offered")
        }
        if let selected = head["Sec-WebSocket-Protocol"], !requestedProtocols.contains(selected) {
            throw .invalidHandshakeResponse(
                reason: "server selected a subprotocol that was not offered: "
                    + UntrustedText.sanitize(selected, maximumLength: 80))
        }
    }

    /// The comma-separated values of `Sec-WebSocket-Protocol` in a request.
    package static func offeredProtocols(in request: HTTPHead) -> [String] {
        (request["Sec-WebSocket-Protocol"] ?? "").split(separator: ",").map { $0.trimmingSpaces() }
            .filter { !$0.isEmpty }
    }

    /// The response's headers as ``WebSocketError/handshakeFailed(status:headers:)`` carries them.
    private static func sanitizedHeaders(_ head: HTTPHead) -> [String: String] {
        var headers: [String: String] = [:]
        for (name, value) in head.headerDictionary {
            headers[UntrustedText.sanitize(name, maximumLength: 80)] = UntrustedText.sanitize(value)
        }
        return headers
    }

    /// Checks a client's upgrade request; returns its `Sec-WebSocket-Key`, or a reason to answer 400.
    package static func validateRequest(_ head: HTTPHead) -> Result<String, HTTPHeadError> {
        let parts = head.startLine.split(separator: " ")
        guard parts.count == 3, parts[0] == "GET", parts[2] == "HTTP/1.1" else {
            return .failure(.malformed("expected GET … HTTP/1.1"))
        }
        guard head["Upgrade"]?.lowercased() == "websocket", head.header("Connection", containsToken: "upgrade")
        else { return .failure(.malformed("not a WebSocket upgrade")) }
        guard head["Sec-WebSocket-Version"] == "13" else { return .failure(.malformed("unsupported version")) }
        guard let key = head["Sec-WebSocket-Key"], Data(base64Encoded: key)?.count == 16 else {
            return .failure(.malformed("invalid Sec-WebSocket-Key"))
        }
        return .success(key)
    }

    /// The server's 101 response accepting `key`.
    package static func response(forKey key: String) -> HTTPHead {
        HTTPHead(
            startLine: "HTTP/1.1 101 Switching Protocols",
            fields: [
                ("Upgrade", "websocket"),
                ("Connection", "Upgrade"),
                ("Sec-WebSocket-Accept", acceptValue(forKey: key)),
            ])
    }

    /// A non-101 response that refuses the upgrade and closes the connection.
    package static func rejection(status: Int, body: String) -> HTTPHead {
        HTTPHead(
            startLine: "HTTP/1.1 \(status) \(status == 400 ? "Bad Request" : "Rejected")",
            fields: [
                ("Content-Type", "text/plain; charset=utf-8"),
                ("Content-Length", "\(body.utf8.count)"),
                ("Connection", "close"),
            ])
    }
}
