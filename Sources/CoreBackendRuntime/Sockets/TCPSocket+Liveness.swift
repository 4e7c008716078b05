#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Musl)
    internal import Musl
#elseif canImport(Darwin)
    internal import Darwin
#endif

extension TCPSocket {
    /// TCP keepalive, the backstop under the WebSocket keepalive: after this long without traffic the
    /// kernel probes the peer ``keepaliveProbeInterval`` apart, and after ``keepaliveProbeCount``
    /// unanswered probes it resets the connection (a vanished host is noticed after about 90 s).
    package static let keepaliveIdleTime: Int32 = 60
    /// Seconds between two TCP keepalive probes.
    package static let keepaliveProbeInterval: Int32 = 10
    /// Unanswered TCP keepalive probes before the kernel gives up on the connection.
    package static let keepaliveProbeCount: Int32 = 3

    /// Turns on TCP keepalive with ``keepaliveIdleTime``, ``keepaliveProbeInterval`` and ``keepaliveProbeCount``.
    func enableKeepaliveProbes() {
        Platform.setOption(fd, level: SOL_SOCKET, name: SO_KEEPALIVE, value: 1)
        #if canImport(Darwin)
            Platform.setOption(fd, level: Platform.tcpProtocol, name: TCP_KEEPALIVE, value: Self.keepaliveIdleTime)
        #else
            Platform.setOption(fd, level: Platform.tcpProtocol, name: TCP_KEEPIDLE, value: Self.keepaliveIdleTime)
        #endif
        Platform.setOption(fd, level: Platform.tcpProtocol, name: TCP_KEEPINTVL, value: Self.keepaliveProbeInterval)
        Platform.setOption(fd, level: Platform.tcpProtocol, name: TCP_KEEPCNT, value: Self.keepaliveProbeCount)
    }

    /// Whether TCP keepalive is on (for tests).
    package var keepaliveIsEnabled: Bool {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        return getsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &value, &length) == 0 && value != 0
    }

    /// Writes all of `bytes` unless `deadline` passes first (then throws ``ByteStreamTimeout``).
    ///
    /// Each `send` is non-blocking (`MSG_DONTWAIT`, the descriptor stays blocking for readers), so when
    /// the socket has room, which is the usual case, this costs the one `send` a blocking write costs;
    /// only a full socket buffer adds a `poll` for writability, bounded by the deadline.
    func write(_ bytes: UnsafeRawBufferPointer, before deadline: ContinuousClock.Instant) throws {
        var offset = 0
        while offset < bytes.count {
            let flags = Platform.sendFlags | Int32(MSG_DONTWAIT)
            let written = send(fd, bytes.baseAddress! + offset, bytes.count - offset, flags)
            if written >= 0 {
                offset += written
                continue
            }
            let code = errno
            if code == EINTR { continue }
            guard code == EAGAIN || code == EWOULDBLOCK else { throw SystemCallError(call: "send", code: code) }
            let timeout = deadline.pollTimeoutFromNow
            let writable = try Platform.poll(fd, events: Platform.pollOut, timeoutMilliseconds: timeout)
            if !writable && ContinuousClock.now >= deadline { throw ByteStreamTimeout() }
        }
    }
}
