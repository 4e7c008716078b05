package import CoreBackendRuntime

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Musl)
    internal import Musl
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// A listening TCP socket whose blocking ``accept()`` can be woken by ``close()`` from another thread.
///
/// `@unchecked Sendable` is safe: the descriptors never change, and `closed` is behind a lock;
/// `close()` only writes to the wake pipe, and the accepting thread closes every descriptor.
package final class TCPListener: @unchecked Sendable {
    /// The listening descriptor.
    package let fd: Int32
    /// The bound port (the kernel's choice when asked for port 0).
    package let port: Int
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let closed = Locked(false)

    /// Binds and listens on `host` (a numeric address such as `127.0.0.1` or `::1`) and `port` (0: any free port).
    package init(host: String = "127.0.0.1", port: Int = 0, backlog: Int32 = 512) throws {
        var hints = addrinfo()
        hints.ai_flags = AI_PASSIVE | AI_NUMERICHOST
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(Platform.streamSocketType & 0xF)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let list else {
            throw WebSocketError.hostResolutionFailed(host: host, reason: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(list) }
        let fd = try Platform.makeSocket(family: list.pointee.ai_family)
        do {
            Platform.setOption(fd, level: SOL_SOCKET, name: SO_REUSEADDR, value: 1)
            try syscall("bind") { bind(fd, list.pointee.ai_addr, list.pointee.ai_addrlen) }
            try syscall("listen") { listen(fd, backlog) }
            var address = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            try withUnsafeMutablePointer(to: &address) { pointer in
                try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                    _ = try syscall("getsockname") { getsockname(fd, address, &length) }
                }
            }
            // sin_port and sin6_port both sit at offset 2.
            let rawPort = withUnsafeBytes(of: &address) { $0.load(fromByteOffset: 2, as: UInt16.self) }
            var pipeFDs: [Int32] = [0, 0]
            try syscall("pipe") { pipe(&pipeFDs) }
            self.fd = fd
            self.port = Int(UInt16(bigEndian: rawPort))
            self.wakeRead = pipeFDs[0]
            self.wakeWrite = pipeFDs[1]
        } catch {
            _ = systemClose(fd)
            throw error
        }
    }

    /// Blocks until a connection arrives; nil once ``close()`` has been called (then all descriptors are closed).
    package func accept() -> TCPSocket? {
        while true {
            var descriptors = [
                pollfd(fd: fd, events: Platform.pollIn, revents: 0),
                pollfd(fd: wakeRead, events: Platform.pollIn, revents: 0),
            ]
            let ready = Platform.systemPoll(&descriptors, 2, -1)
            if ready < 0 && errno == EINTR { continue }
            if ready < 0 || descriptors[1].revents != 0 || closed.withLock({ $0 }) {
                release()
                return nil
            }
            guard descriptors[0].revents != 0 else { continue }
            let client = systemAccept(fd)
            if client >= 0 { return TCPSocket(adopting: client) }
            // ECONNABORTED, EMFILE, ...: keep listening.
        }
    }

    /// Wakes ``accept()``, which then releases the descriptors and returns nil.
    package func close() {
        let first = closed.withLock { closed in
            defer { closed = true }
            return !closed
        }
        guard first else { return }
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    private func release() {
        _ = systemClose(fd)
        _ = systemClose(wakeRead)
        _ = systemClose(wakeWrite)
    }
}

private func systemAccept(_ fd: Int32) -> Int32 {
    #if canImport(Darwin)
        let client = Darwin.accept(fd, nil, nil)
    #elseif canImport(Musl)
        let client = Musl.accept(fd, nil, nil)
    #else
        let client = Glibc.accept(fd, nil, nil)
    #endif
    if client >= 0 {
        _ = fcntl(client, F_SETFD, FD_CLOEXEC)
        #if canImport(Darwin)
            Platform.setOption(client, level: SOL_SOCKET, name: SO_NOSIGPIPE, value: 1)
        #endif
    }
    return client
}
