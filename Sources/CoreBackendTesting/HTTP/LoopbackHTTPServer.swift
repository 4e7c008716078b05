@_spi(CoreBackendInternal) import CoreBackendRuntime
import Foundation

/// A minimal HTTP/1.1 server on 127.0.0.1 for tests, demos and benchmarks.
///
/// Each connection is served on its own thread with keep-alive; the handler runs as async code and may
/// suspend (for latency injection). Every request is recorded.
///
/// ```swift
/// let server = try LoopbackHTTPServer { request in .json(#"{"ok":true}"#) }
/// defer { server.stop() }
/// let url = server.baseURL   // http://127.0.0.1:<port>
/// ```
public final class LoopbackHTTPServer: Sendable {
    /// Answers one request.
    public typealias Handler = @Sendable (LoopbackHTTPRequest) async -> LoopbackHTTPResponse

    private let listener: TCPListener
    /// The port the server listens on.
    public let port: Int
    private let state = Locked(ServerState())

    private struct ServerState {
        var requests: [LoopbackHTTPRequest] = []
        var connections: [ObjectIdentifier: TCPSocket] = [:]
        var stopped = false
    }

    /// Starts listening on 127.0.0.1 (`port` 0 picks a free port).
    public init(port: Int = 0, handler: @escaping Handler) throws {
        let listener = try TCPListener(port: port)
        self.listener = listener
        self.port = listener.port
        let state = state
        DedicatedThread.start(name: "LoopbackHTTPServer :\(listener.port)") {
            while let socket = listener.accept() {
                let admitted = state.withLock { state -> Bool in
                    if !state.stopped { state.connections[ObjectIdentifier(socket)] = socket }
                    return !state.stopped
                }
                guard admitted else {
                    socket.close()
                    continue
                }
                DedicatedThread.start(name: "LoopbackHTTPServer connection") {
                    Self.serve(socket, handler: handler, state: state)
                }
            }
        }
    }

    deinit { stop() }

    /// `http://127.0.0.1:<port>`.
    public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// Every request received so far, in arrival order.
    public var requests: [LoopbackHTTPRequest] { state.withLock { $0.requests } }

    /// Forgets the recorded requests.
    public func resetRequests() { state.withLock { $0.requests.removeAll() } }

    /// Stops accepting and closes every open connection.
    public func stop() {
        // A connection thread removes its socket under the same lock before closing it, so a socket is never
        // shut down after its descriptor was released; the listener releases its own on its accept thread.
        let first = state.withLock { state -> Bool in
            guard !state.stopped else { return false }
            state.stopped = true
            for socket in state.connections.values { socket.shutdown() }
            return true
        }
        if first { listener.close() }
    }

    private static func serve(_ socket: TCPSocket, handler: @escaping Handler, state: Locked<ServerState>) {
        var reader = HTTPConnectionReader(stream: socket)
        defer {
            state.withLock { _ = $0.connections.removeValue(forKey: ObjectIdentifier(socket)) }
            socket.close()
        }
        while let request = reader.nextRequest() {
            state.withLock { $0.requests.append(request) }
            let response = runBlocking { await handler(request) }
            guard (try? socket.write(response.serialized())) != nil else { return }
            if request.header("Connection")?.lowercased() == "close" { return }
        }
    }

    /// Runs async work from a server thread (never a cooperative-pool thread) and waits for it.
    private static func runBlocking<T: Sendable>(_ work: @escaping @Sendable () async -> T) -> T {
        let semaphore = DispatchSemaphore(value: 0)
        let box = Locked<T?>(nil)
        Task {
            let value = await work()
            box.withLock { $0 = value }
            semaphore.signal()
        }
        semaphore.wait()
        return box.withLock { $0! }
    }
}
