#if canImport(Glibc)
    package import Glibc
#elseif canImport(Musl)
    package import Musl
#elseif canImport(Darwin)
    package import Darwin
#endif

/// Small constants and calls that differ between the C libraries.
package enum Platform {
    #if canImport(Darwin)
        package static let streamSocketType: Int32 = SOCK_STREAM
        package static let sendFlags: Int32 = 0
    #else
        package static let streamSocketType: Int32 = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        package static let sendFlags: Int32 = Int32(MSG_NOSIGNAL)
    #endif
    package static let tcpProtocol: Int32 = Int32(IPPROTO_TCP)

    /// Makes a new socket, close-on-exec, that never raises `SIGPIPE`.
    package static func makeSocket(family: Int32) throws(SystemCallError) -> Int32 {
        let fd = try syscall("socket") { socket(family, streamSocketType, tcpProtocol) }
        #if canImport(Darwin)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            var one: Int32 = 1
            _ = setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif
        return fd
    }

    package static func setNonBlocking(_ fd: Int32, _ nonBlocking: Bool) throws(SystemCallError) {
        let flags = try syscall("fcntl") { fcntl(fd, F_GETFL) }
        let newFlags = nonBlocking ? flags | O_NONBLOCK : flags & ~O_NONBLOCK
        try syscall("fcntl") { fcntl(fd, F_SETFL, newFlags) }
    }

    package static func setOption(_ fd: Int32, level: Int32, name: Int32, value: Int32) {
        var value = value
        _ = setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Waits for `events` on `fd`; returns false on timeout. A negative timeout waits forever.
    package static func poll(_ fd: Int32, events: Int16, timeoutMilliseconds: Int32) throws(SystemCallError) -> Bool {
        var descriptor = pollfd(fd: fd, events: events, revents: 0)
        let ready = try syscall("poll") { systemPoll(&descriptor, 1, timeoutMilliseconds) }
        return ready > 0
    }

    package static func systemPoll(_ fds: UnsafeMutablePointer<pollfd>, _ count: Int, _ timeout: Int32) -> Int32 {
        #if canImport(Darwin)
            Darwin.poll(fds, UInt32(count), timeout)
        #elseif canImport(Musl)
            Musl.poll(fds, nfds_t(count), timeout)
        #else
            Glibc.poll(fds, nfds_t(count), timeout)
        #endif
    }

    package static let pollIn = Int16(POLLIN)
    package static let pollOut = Int16(POLLOUT)
}
