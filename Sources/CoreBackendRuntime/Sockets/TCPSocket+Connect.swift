#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Musl)
    internal import Musl
#elseif canImport(Darwin)
    internal import Darwin
#endif

extension TCPSocket {
    /// Resolves `host` and connects to the first of its addresses (IPv6 and IPv4, in the resolver's
    /// order) that accepts, all before `deadline`.
    ///
    /// Resolution runs on a helper thread and counts against the deadline. Each address gets an
    /// equal share of the time left (the last one all of it), so one silent address cannot use up
    /// the whole timeout; a refused address moves on at once.
    ///
    /// - Throws: ``WebSocketError/hostResolutionFailed(host:reason:)``,
    ///   ``WebSocketError/connectTimeout(_:)`` or ``WebSocketError/connectionFailed(host:port:reason:)``.
    package static func connect(
        host: String,
        port: Int,
        deadline: ContinuousClock.Instant,
        timeout: Duration,
        resolver: @escaping AddressResolver = { host, port throws(WebSocketError) in
            try TCPSocket.resolve(host: host, port: port)
        }
    ) throws(WebSocketError) -> TCPSocket {
        let addresses = try resolve(host: host, port: port, deadline: deadline, timeout: timeout, resolver: resolver)
        guard !addresses.isEmpty else {
            throw .hostResolutionFailed(host: host, reason: "no IPv4 or IPv6 address")
        }
        var failures: [String] = []
        for (index, address) in addresses.enumerated() {
            let remaining = ContinuousClock.now.duration(to: deadline)
            if remaining <= .zero { throw .connectTimeout(timeout) }
            let share = index == addresses.count - 1 ? deadline : .now + remaining / (addresses.count - index)
            do throws(SystemCallError) {
                if let socket = try connect(to: address, deadline: share) { return socket }
                failures.append("\(address): timed out")
            } catch {
                failures.append("\(address): \(error)")
            }
        }
        if ContinuousClock.now >= deadline { throw .connectTimeout(timeout) }
        throw .connectionFailed(host: host, port: port, reason: failures.joined(separator: "; "))
    }

    /// Connects one address without blocking past `deadline`; nil on timeout.
    private static func connect(to address: ResolvedAddress, deadline: ContinuousClock.Instant) throws(SystemCallError)
        -> TCPSocket?
    {
        let fd = try Platform.makeSocket(family: address.family)
        var success = false
        defer { if !success { _ = systemClose(fd) } }
        try Platform.setNonBlocking(fd, true)
        let status = address.socketAddress.withUnsafeBytes { raw in
            systemConnect(fd, raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count))
        }
        if status != 0 {
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
