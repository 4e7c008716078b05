import CoreBackendRuntime
import CoreBackendRuntimeTesting
import Foundation

/// A scripted HTTP/1.1 peer on 127.0.0.1 that keeps connections open: it reads each request (head and
/// `Content-Length` body) and lets `script` answer with raw bytes, so a test can count connections,
/// close one at a chosen moment or send a response no server library would.
final class KeepAliveHTTPPeer: Sendable {
    /// One request as read from a connection.
    struct Request: Sendable {
        /// The connection's number, from 0 in accept order.
        let connection: Int
        /// The request's number on its connection, from 0.
        let index: Int
        let head: String
        let body: [UInt8]
    }

    /// What to do after answering.
    enum Next { case keepOpen, close }

    typealias Script = @Sendable (_ request: Request, _ socket: TCPSocket) -> Next

    let port: Int
    private let listener: TCPListener
    private let requestLog = Locked<[Request]>([])
    private let sockets = Locked<[TCPSocket]>([])

    init(script: @escaping Script) throws {
        let listener = try TCPListener(port: 0)
        self.listener = listener
        port = listener.port
        let (log, sockets) = (requestLog, sockets)
        DedicatedThread.start(name: "KeepAliveHTTPPeer") {
            var number = 0
            while let socket = listener.accept() {
                let connection = number
                number += 1
                sockets.withLock { $0.append(socket) }
                DedicatedThread.start(name: "KeepAliveHTTPPeer connection") {
                    Self.serve(socket, connection: connection, log: log, script: script)
                    socket.shutdown()
                }
            }
        }
    }

    deinit { stop() }

    func url(_ path: String = "/data") -> URL { URL(string: "http://127.0.0.1:\(port)\(path)")! }

    /// Every request received so far.
    var requests: [Request] { requestLog.withLock { $0 } }
    /// The number of connections accepted so far.
    var connectionCount: Int { sockets.withLock { $0.count } }

    func stop() {
        listener.close()
        for socket in sockets.withLock({ $0 }) { socket.shutdown() }
    }

    private static func serve(_ socket: TCPSocket, connection: Int, log: Locked<[Request]>, script: Script) {
        var pending: [UInt8] = []
        var index = 0
        while let (head, body) = readRequest(socket, &pending) {
            let request = Request(connection: connection, index: index, head: head, body: body)
            index += 1
            log.withLock { $0.append(request) }
            if script(request, socket) == .close { return }
        }
    }

    private static func readRequest(_ socket: TCPSocket, _ pending: inout [UInt8]) -> (String, [UInt8])? {
        var chunk = [UInt8](repeating: 0, count: 16_384)
        func more() -> Bool {
            let count = (try? chunk.withUnsafeMutableBytes { try socket.read(into: $0, deadline: nil) }) ?? 0
            pending += chunk[..<max(count, 0)]
            return count > 0
        }
        var end: Int?
        while end == nil {
            end = pending.indices.dropLast(3).first { pending[$0...].starts(with: [13, 10, 13, 10]) }
            if end == nil, !more() { return nil }
        }
        let head = String(decoding: pending[..<end!], as: UTF8.self)
        pending.removeFirst(end! + 4)
        let length =
            head.split(separator: "\r\n").lazy.compactMap { line -> Int? in
                let parts = line.split(separator: ":", maxSplits: 1)
                guard parts.count == 2, parts[0].lowercased() == "content-length" else { return nil }
                return Int(parts[1].trimmingCharacters(in: .whitespaces))
            }.first ?? 0
        while pending.count < length { if !more() { return nil } }
        let body = Array(pending[..<length])
        pending.removeFirst(length)
        return (head, body)
    }
}
