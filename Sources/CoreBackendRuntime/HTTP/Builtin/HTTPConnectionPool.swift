import Foundation

/// The keep-alive connections to one endpoint: at most
/// ``BuiltinHTTPTransport/Configuration/maximumConnectionsPerHost`` of them, idle ones reused most
/// recently used first, and a first-in-first-out queue of requests waiting for one.
final class HTTPConnectionPool: Sendable {
    private struct State {
        var idle: [HTTPClientConnection] = []
        /// Connections open or opening.
        var open = 0
        var waiters: [HTTPExchange] = []
        var firstWaiter = 0
        var isShutDown = false

        /// The oldest waiter that has not ended (deadline, cancellation) yet.
        mutating func nextWaiter() -> HTTPExchange? {
            while firstWaiter < waiters.count {
                let waiter = waiters[firstWaiter]
                firstWaiter += 1
                if firstWaiter == waiters.count || firstWaiter > 64 {
                    waiters.removeFirst(firstWaiter)
                    firstWaiter = 0
                }
                if !waiter.isFinished { return waiter }
            }
            return nil
        }
    }

    let endpoint: HTTPEndpoint
    let configuration: BuiltinHTTPTransport.Configuration
    private let tlsContexts: TLSContextCache
    private let state = Locked(State())

    init(endpoint: HTTPEndpoint, configuration: BuiltinHTTPTransport.Configuration, tlsContexts: TLSContextCache) {
        self.endpoint = endpoint
        self.configuration = configuration
        self.tlsContexts = tlsContexts
    }

    /// Connections open or opening (for tests).
    var openCount: Int { state.withLock { $0.open } }

    /// Sends `exchange` on an idle connection, a new one, or the first one released.
    func start(_ exchange: HTTPExchange) {
        enum Action { case use(HTTPClientConnection), open, wait }
        let action = state.withLock { state -> Action in
            if !exchange.needsFreshConnection || state.open >= configuration.maximumConnectionsPerHost,
                let idle = state.idle.popLast()
            {
                return .use(idle)
            }
            if state.open < configuration.maximumConnectionsPerHost {
                state.open += 1
                return .open
            }
            state.waiters.append(exchange)
            return .wait
        }
        switch action {
        case .use(let connection): connection.begin(exchange)
        case .open: open(for: exchange)
        case .wait: break
        }
    }

    /// Takes back a connection that finished a response: it goes to the oldest waiter (returned, for
    /// the caller to begin) or becomes idle.
    func release(_ connection: HTTPClientConnection) -> HTTPExchange? {
        let (next, shutDown) = state.withLock { state -> (HTTPExchange?, Bool) in
            if let waiter = state.nextWaiter() { return (waiter, false) }
            if !state.isShutDown { state.idle.append(connection) }
            return (nil, state.isShutDown)
        }
        if shutDown { connection.abort() }
        return next
    }

    /// Forgets a connection that ended (nil: one that failed to open); a waiter gets a new connection
    /// in its place.
    func remove(_ connection: HTTPClientConnection?) {
        let waiter = state.withLock { state -> HTTPExchange? in
            if let connection { state.idle.removeAll { $0 === connection } }
            state.open -= 1
            guard !state.isShutDown, let waiter = state.nextWaiter() else { return nil }
            state.open += 1
            return waiter
        }
        if let waiter { open(for: waiter) }
    }

    /// Removes `connection` if it is idle (its idle timeout passed); false if a request has taken it.
    func removeIfIdle(_ connection: HTTPClientConnection) -> Bool {
        state.withLock { state in
            guard let index = state.idle.firstIndex(where: { $0 === connection }) else { return false }
            state.idle.remove(at: index)
            state.open -= 1
            return true
        }
    }

    /// Closes the idle connections and every connection released from now on.
    func shutDown() {
        let idle = state.withLock { state in
            state.isShutDown = true
            defer { state.idle.removeAll() }
            return state.idle
        }
        for connection in idle { connection.abort() }
    }

    /// Connects on a new thread, which then sends `exchange` and stays to read the connection.
    private func open(for exchange: HTTPExchange) {
        DedicatedThread.start(name: "HTTP \(endpoint.host):\(endpoint.port)") { [self] in
            let stream: any ByteStream
            do {
                stream = try connect(before: exchange.deadline)
            } catch {
                remove(nil)
                exchange.finish(.failure(error))
                return
            }
            let connection = HTTPClientConnection(stream: stream, pool: self)
            connection.begin(exchange)
            connection.readLoop()
        }
    }

    /// TCP (and TLS for `https`) within the connect timeout and the request's deadline.
    private func connect(before requestDeadline: ContinuousClock.Instant) throws(HTTPTransportError) -> any ByteStream {
        let timeout = configuration.connectTimeout
        let deadline = min(requestDeadline, .now + timeout)
        do throws(WebSocketError) {
            #if canImport(COpenSSL)
                if endpoint.isSecure { try tlsContexts.context().checkPeerName(endpoint.host) }
            #else
                if endpoint.isSecure { throw .tlsUnavailable }
            #endif
            let socket = try TCPSocket.connect(
                host: endpoint.host, port: endpoint.port, deadline: deadline, timeout: timeout)
            guard endpoint.isSecure else { return socket }
            #if canImport(COpenSSL)
                do throws(WebSocketError) {
                    return try TLSClientStream(
                        socket: socket, host: endpoint.host, context: tlsContexts.context(), deadline: deadline,
                        timeout: timeout)
                } catch {
                    socket.close()
                    throw error
                }
            #else
                throw .tlsUnavailable
            #endif
        } catch {
            throw HTTPTransportError(error)
        }
    }
}
