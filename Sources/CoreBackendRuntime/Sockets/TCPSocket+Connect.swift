#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif

extension TCPSocket {
    /// Resolves `host` (IPv4 and IPv6) and connects to the first address that answers before `deadline`.
    ///
    /// - Throws: ``WebSocketError/hostResolutionFailed(host:reason:)``,
    ///   ``WebSocketError/connectTimeout(_:)`` or ``WebSocketError/connectionFailed(host:port:reason:)``.
    package static func connect(
        host: String,
        port: Int,
        deadline: ContinuousClock.Instant,
        timeout: Duration
    ) throws(WebSocketError) -> TCPSocket {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(Platform.streamSocketType & 0xF)
        hints.ai_protocol = Platform.tcpProtocol
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let list else {
            throw .hostResolutionFailed(host: host, reason: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(list) }

        var lastError = "no addresses"
        var entry: UnsafeMutablePointer<addrinfo>? = list
        while let info = entry?.pointee {
            entry = info.ai_next
            if ContinuousClock.now >= deadline { throw .connectTimeout(timeout) }
            do {
                if let socket = try connect(to: info, deadline: deadline) { return socket }
                throw WebSocketError.connectTimeout(timeout)
            } catch let error as SystemCallError {
                lastError = error.description
            } catch {
                throw .connectTimeout(timeout)
            }
        }
        throw .connectionFailed(host: host, port: port, reason: lastError)
    }

    /// Connects one address without blocking past `deadline`; nil on timeout.
    private static func connect(to info: addrinfo, deadline: ContinuousClock.Instant) throws -> TCPSocket? {
        let fd = try Platform.makeSocket(family: info.ai_family)
        var success = false
        defer { if !success { _ = systemClose(fd) } }
        try Platform.setNonBlocking(fd, true)
        if systemConnect(fd, info.ai_addr, info.ai_addrlen) != 0 {
            let code = errno
            guard code == EINPROGRESS || code == EINTR else { throw SystemCallError(call: "connect", code: code) }
            guard try Platform.poll(fd, events: Platform.pollOut, timeoutMilliseconds: deadline.pollTimeoutFromNow)
            else { return nil }
            var socketError: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            try syscall("getsockopt") { getsockopt(fd, SOL_SOCKET, SO_ERROR, &socketError, &length) }
            if socketError != 0 { throw SystemCallError(call: "connect", code: socketError) }
        }
        try Platform.setNonBlocking(fd, false)
        success = true
        return TCPSocket(adopting: fd)
    }
}

private func systemConnect(_ fd: Int32, _ address: UnsafePointer<sockaddr>?, _ length: socklen_t) -> Int32 {
    #if canImport(Darwin)
    Darwin.connect(fd, address, length)
    #elseif canImport(Musl)
    Musl.connect(fd, address, length)
    #else
    Glibc.connect(fd, address, length)
    #endif
}
