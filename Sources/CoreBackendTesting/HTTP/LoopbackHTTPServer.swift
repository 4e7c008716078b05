import CoreBackendRuntime
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

    private let listener: Int32
    /// The port the server listens on.
    public let port: Int
    private let handler: Handler
    private let state = Locked(ServerState())

    private struct ServerState {
        var requests: [LoopbackHTTPRequest] = []
        var connections: Set<Int32> = []
        var stopped = false
    }

    /// Starts listening on 127.0.0.1 (`port` 0 picks a free port).
    public init(port: Int = 0, handler: @escaping Handler) throws {
        self.handler = handler
        listener = try Self.listen(port: port)
        self.port = try Self.boundPort(listener)
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "LoopbackHTTPServer.accept"
        thread.start()
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
        // Everything happens under the lock: a connection thread removes its descriptor under the same
        // lock before closing it, so we never shut down a descriptor number another socket reused.
        state.withLock { state in
            guard !state.stopped else { return }
            state.stopped = true
            // Only shut the listener down: the accept thread closes it when it leaves `accept`, so the
            // descriptor number cannot be reused by another socket while that thread may still use it.
            shutdown(listener, Int32(SHUT_RDWR))
            for connection in state.connections { shutdown(connection, Int32(SHUT_RDWR)) }
        }
    }

    private func acceptLoop() {
        defer { close(listener) }
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if errno == EINTR { continue }
                return
            }
            var one: Int32 = 1
            setsockopt(connection, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            let accepted = state.withLock { state -> Bool in
                guard !state.stopped else { return false }
                state.connections.insert(connection)
                return true
            }
            guard accepted else {
                close(connection)
                return
            }
            let thread = Thread { [self] in serve(connection) }
            thread.start()
        }
    }

    private func serve(_ connection: Int32) {
        var reader = HTTPConnectionReader(socket: connection)
        defer {
            state.withLock { _ = $0.connections.remove(connection) }
            close(connection)
        }
        while let request = reader.nextRequest() {
            state.withLock { $0.requests.append(request) }
            let response = Self.runBlocking { [handler] in await handler(request) }
            guard Self.write(response.serialized(), to: connection) else { return }
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

    private static func write(_ bytes: [UInt8], to socket: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                send(socket, buffer.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }

    private static func listen(port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw LoopbackServerError.system(call: "socket", errno: errno) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else {
            let code = errno
            close(fd)
            throw LoopbackServerError.system(call: "bind", errno: code)
        }
        guard posixListen(fd, 512) == 0 else {
            let code = errno
            close(fd)
            throw LoopbackServerError.system(call: "listen", errno: code)
        }
        return fd
    }

    private static func boundPort(_ fd: Int32) throws -> Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let result = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard result == 0 else { throw LoopbackServerError.system(call: "getsockname", errno: errno) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// A failed system call while starting a loopback server.
public enum LoopbackServerError: Error, Sendable, CustomStringConvertible {
    /// `call` failed with `errno`.
    case system(call: String, errno: Int32)

    /// A readable description.
    public var description: String {
        switch self {
        case .system(let call, let code): "\(call) failed: \(String(cString: strerror(code)))"
        }
    }
}

private func posixListen(_ fd: Int32, _ backlog: Int32) -> Int32 { listen(fd, backlog) }
