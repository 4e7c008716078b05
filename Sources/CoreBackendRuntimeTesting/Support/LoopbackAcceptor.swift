import CoreBackendRuntime

/// The accept loop the loopback test servers share: accepts on a dedicated thread, serves each connection
/// on a thread of its own, and closes it when `serve` returns; ``stop()`` stops accepting and shuts down
/// every connection still open.
final class LoopbackAcceptor: Sendable {
    private let listener: TCPListener
    private let live = Locked(Live())

    private struct Live {
        var sockets: [ObjectIdentifier: TCPSocket] = [:]
        var isStopped = false
    }

    /// Starts accepting on `listener`; `finished` runs on the accept thread once it stops accepting.
    init(
        _ listener: TCPListener, name: String, serve: @escaping @Sendable (TCPSocket) -> Void,
        finished: @escaping @Sendable () -> Void = {}
    ) {
        self.listener = listener
        let live = live
        DedicatedThread.start(name: "\(name) :\(listener.port)") {
            while let socket = listener.accept() {
                let admitted = live.withLock { live in
                    if !live.isStopped { live.sockets[ObjectIdentifier(socket)] = socket }
                    return !live.isStopped
                }
                guard admitted else {
                    socket.close()
                    continue
                }
                DedicatedThread.start(name: "\(name) connection") {
                    serve(socket)
                    live.withLock { _ = $0.sockets.removeValue(forKey: ObjectIdentifier(socket)) }
                    socket.close()
                }
            }
            finished()
        }
    }

    /// Stops accepting and shuts down every open connection (their threads then close them); idempotent.
    func stop() {
        let first = live.withLock { live -> Bool in
            guard !live.isStopped else { return false }
            live.isStopped = true
            for socket in live.sockets.values { socket.shutdown() }
            return true
        }
        if first { listener.close() }
    }
}
