import CoreBackendRuntime
import CoreBackendTesting

/// The loopback server's request reader (keep-alive, one request after another) and the WebSocket test
/// server's upgrade path on a client-to-server byte stream.
///
/// Input: byte 0 picks the read size (0: one read; n: reads of n bytes); the rest is the stream.
/// Invariants: the requests do not depend on the read size; each body is as long as its
/// `Content-Length` says; the method and target hold no spaces.
enum LoopbackFuzzing {
    static func run(_ bytes: UnsafeRawBufferPointer) throws(FuzzFailure) {
        guard let first = bytes.first else { return }
        let stream = Array(bytes.dropFirst())
        let whole = LoopbackParsing.connection(from: stream, readSize: max(stream.count, 1))
        if first != 0 {
            let split = LoopbackParsing.connection(from: stream, readSize: Int(first))
            try check(split == whole, "\(first)-byte reads give \(brief(split)) != one read: \(brief(whole))")
        }
        if let status = whole.rejectedStatus {
            try check([400, 413, 431, 501].contains(status), "refused with status \(status)")
        }
        for request in whole.requests {
            try check(!request.method.isEmpty && !request.method.contains(" "), "method \(brief(request.method))")
            try check(!request.target.contains(" "), "target \(brief(request.target))")
            if let length = request.header("Content-Length").flatMap({ Int($0) }) {
                try check(request.body.count == length, "body of \(request.body.count) bytes, Content-Length \(length)")
            }
            _ = request.path
            _ = request.query
            _ = request.queryValue("token")
            let headers = Dictionary(request.headers.map { ($0.name.lowercased(), $0.value) }) { "\($0), \($1)" }
            let upgrade = LoopbackParsing.upgradeRequest(target: request.target, headers: headers)
            try check(upgrade.headers == headers, "upgrade request changed the headers")
        }
        // The WebSocket test server's path: head, request check, then the target of a valid request.
        if let (head, _) = try? stream.withUnsafeBytes({ try HTTPHead.parse($0) }),
            case .success = WebSocketHandshake.validateRequest(head)
        {
            let target = String(head.startLine.split(separator: " ")[1])
            _ = LoopbackParsing.upgradeRequest(target: target, headers: head.headerDictionary)
        }
    }
}
