#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Musl)
    internal import Musl
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// A connected TCP socket that owns its file descriptor.
///
/// `@unchecked Sendable` is safe: `fd` never changes; the kernel allows one reader and one writer
/// concurrently; `isClosed` is behind `state`, and `close()` (called once, by the owner, after
/// its reads and writes have stopped) and `shutdown()` check it, so a closed and reused
/// descriptor number is never shut down.
package final class TCPSocket: ByteStream, @unchecked Sendable {
    /// The file descriptor.
    package let fd: Int32
    private let state = Locked(false)  // isClosed

    /// Adopts a connected descriptor; it is closed by ``close()``.
    package init(adopting fd: Int32) {
        self.fd = fd
        Platform.setOption(fd, level: Platform.tcpProtocol, name: Int32(TCP_NODELAY), value: 1)
        enableKeepaliveProbes()
    }

    package func read(into buffer: UnsafeMutableRawBufferPointer, deadline: ContinuousClock.Instant?) throws -> Int {
        if let deadline {
            while try !Platform.poll(fd, events: Platform.pollIn, timeoutMilliseconds: deadline.pollTimeoutFromNow) {
                if ContinuousClock.now >= deadline { throw ByteStreamTimeout() }
            }
        }
        return try syscall("recv") { recv(fd, buffer.baseAddress, buffer.count, 0) }
    }

    package func write(_ bytes: UnsafeRawBufferPointer, deadline: ContinuousClock.Instant?) throws {
        guard let deadline else {
            var offset = 0
            while offset < bytes.count {
                let written = try syscall("send") {
                    send(fd, bytes.baseAddress! + offset, bytes.count - offset, Platform.sendFlags)
                }
                offset += written
            }
            return
        }
        try write(bytes, before: deadline)
    }

    package func shutdownOutput() {
        state.withLock { isClosed in
            if !isClosed { _ = systemShutdown(fd, Int32(SHUT_WR)) }
        }
    }

    package func shutdown() {
        state.withLock { isClosed in
            if !isClosed { _ = systemShutdown(fd, Int32(SHUT_RDWR)) }
        }
    }

    package func close() {
        let shouldClose = state.withLock { isClosed in
            defer { isClosed = true }
            return !isClosed
        }
        if shouldClose { _ = systemClose(fd) }
    }

    deinit {
        close()
    }
}

private func systemShutdown(_ fd: Int32, _ how: Int32) -> Int32 {
    #if canImport(Darwin)
        Darwin.shutdown(fd, how)
    #elseif canImport(Musl)
        Musl.shutdown(fd, how)
    #else
        Glibc.shutdown(fd, how)
    #endif
}

package func systemClose(_ fd: Int32) -> Int32 {
    #if canImport(Darwin)
        Darwin.close(fd)
    #elseif canImport(Musl)
        Musl.close(fd)
    #else
        Glibc.close(fd)
    #endif
}
