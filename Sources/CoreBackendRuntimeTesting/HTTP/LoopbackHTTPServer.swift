import CoreBackendRuntime
public import Foundation

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

    /// The port the server listens on.
    public let port: Int
    private let acceptor: LoopbackAcceptor
    private let requestLog = Locked<[LoopbackHTTPRequest]>([])

    /// Starts listening on 127.0.0.1 (`port` 0 picks a free port).
    public init(port: Int = 0, handler: @escaping Handler) throws {
        let listener = try TCPListener(port: port)
        self.port = listener.port
        let requestLog = requestLog
        acceptor = LoopbackAcceptor(listener, name: "LoopbackHTTPServer") { socket in
            Self.serve(socket, handler: handler, requestLog: requestLog)
        }
    }

    deinit { stop() }

    /// `http://127.0.0.1:<port>`.
    public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// Every request received so far, in arrival order.
    public var requests: [LoopbackHTTPRequest] { requestLog.withLock { $0 } }

    /// Forgets the recorded requests.
    public func resetRequests() { requestLog.withLock { $0.removeAll() } }

    /// Stops accepting and closes every open connection.
    public func stop() {
        acceptor.stop()
    }

    /// Serves one keep-alive connection until the peer closes it or asks to (the acceptor closes it).
    private static func serve(
        _ socket: TCPSocket, handler: @escaping Handler, requestLog: Locked<[LoopbackHTTPRequest]>
    ) {
        var reader = HTTPConnectionReader(stream: socket)
        while true {
            switch reader.nextRequest() {
            case .closed:
                return
            case .rejected(let response):
                // Malformed or oversized: answer and close; the handler never sees it.
                _ = try? socket.write(response.serialized(closing: true))
                return
            case .request(let request):
                requestLog.withLock { $0.append(request) }
                let response = runBlocking { await handler(request) }
                guard (try? socket.write(response.serialized())) != nil else { return }
                if request.header("Connection")?.lowercased() == "close" { return }
            }
        }
    }

    /// Runs async work from a server thread (never a cooperative-pool thread) and waits for it: on that
    /// thread where task executors exist (``ConnectionThreadExecutor``), else as a task on the pool.
    private static func runBlocking<T: Sendable>(_ work: @escaping @Sendable () async -> T) -> T {
        if #available(macOS 15.0, iOS 18.0, tvOS 18.0, watchOS 11.0, *) {
            return ConnectionThreadExecutor.runBlocking(work)
        }
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
