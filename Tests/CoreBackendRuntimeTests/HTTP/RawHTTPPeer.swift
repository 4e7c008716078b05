import CoreBackendRuntime
import CoreBackendRuntimeTesting
import Foundation

/// A scripted HTTP/1.1 peer on 127.0.0.1 that answers with raw bytes: oversized, lying, trickling or
/// silent responses no well-behaved server library would send.
///
/// Each connection is served on a thread of its own: the request head is read and recorded, then
/// `script` writes whatever it likes to the socket and returns to close it.
final class RawHTTPPeer: Sendable {
    typealias Script = @Sendable (_ socket: TCPSocket, _ head: String) -> Void

    let port: Int
    private let listener: TCPListener
    private let heads = Locked<[String]>([])
    private let sockets = Locked<[TCPSocket]>([])

    init(script: @escaping Script) throws {
        let listener = try TCPListener(port: 0)
        self.listener = listener
        port = listener.port
        let heads = heads
        let sockets = sockets
        DedicatedThread.start(name: "RawHTTPPeer") {
            while let socket = listener.accept() {
                sockets.withLock { $0.append(socket) }
                DedicatedThread.start(name: "RawHTTPPeer connection") {
                    if let head = Self.readHead(socket) {
                        heads.withLock { $0.append(head) }
                        script(socket, head)
                    }
                    socket.shutdown()
                }
            }
        }
    }

    deinit { stop() }

    var url: URL { URL(string: "http://127.0.0.1:\(port)/data")! }

    /// The request heads received so far.
    var requestHeads: [String] { heads.withLock { $0 } }

    func stop() {
        listener.close()
        for socket in sockets.withLock({ $0 }) { socket.shutdown() }
    }

    private static func readHead(_ socket: TCPSocket) -> String? {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4_096)
        while buffer.count < 65_536 {
            let count = (try? chunk.withUnsafeMutableBytes { try socket.read(into: $0, deadline: nil) }) ?? 0
            guard count > 0 else { return nil }
            buffer.append(contentsOf: chunk[..<count])
            if let text = String(bytes: buffer, encoding: .utf8), let end = text.range(of: "\r\n\r\n") {
                return String(text[..<end.lowerBound])
            }
        }
        return nil
    }
}

extension TCPSocket {
    /// Writes `text` as UTF-8; false once the peer is gone.
    @discardableResult
    func transmit(_ text: String) -> Bool { transmit(Array(text.utf8)) }

    /// Writes `bytes`; false once the peer is gone.
    @discardableResult
    func transmit(_ bytes: [UInt8]) -> Bool {
        (try? bytes.withUnsafeBytes { try write($0) }) != nil
    }
}
