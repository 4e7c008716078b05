import Dispatch

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Musl)
    internal import Musl
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// One address `getaddrinfo` returned: its family and a copy of its `sockaddr` bytes.
package struct ResolvedAddress: Sendable, Hashable, CustomStringConvertible {
    /// `AF_INET` or `AF_INET6`.
    package let family: Int32
    /// The `sockaddr_in` / `sockaddr_in6` bytes, port included.
    package let socketAddress: [UInt8]

    /// The numeric address, such as `127.0.0.1` or `::1`.
    package var description: String {
        var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        let status = socketAddress.withUnsafeBytes { raw in
            getnameinfo(
                raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count), &host,
                socklen_t(host.count), nil, 0, NI_NUMERICHOST)
        }
        guard status == 0 else { return "address family \(family)" }
        return String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// Turns a host name and port into addresses; blocking (it may wait on DNS).
package typealias AddressResolver = @Sendable (_ host: String, _ port: Int) throws(WebSocketError) -> [ResolvedAddress]

extension TCPSocket {
    /// Resolves `host` with `getaddrinfo` (IPv6 and IPv4, in the system's preferred order); blocking.
    ///
    /// - Throws: ``WebSocketError/hostResolutionFailed(host:reason:)``.
    package static func resolve(host: String, port: Int) throws(WebSocketError) -> [ResolvedAddress] {
        try getAddresses(host: host, port: port, numericOnly: false) ?? []
    }

    /// `host` as addresses if it is a numeric IPv4 or IPv6 address (no DNS, never blocks), else nil.
    package static func numericAddresses(host: String, port: Int) -> [ResolvedAddress]? {
        (try? getAddresses(host: host, port: port, numericOnly: true)) ?? nil
    }

    /// Resolves `host` with `resolver` on a helper thread and stops waiting at `deadline`, so a slow DNS
    /// answer counts against the connect timeout. A numeric address is converted in place.
    ///
    /// - Throws: ``WebSocketError/connectTimeout(_:)`` when the deadline passes first, or the resolver's error.
    package static func resolve(
        host: String,
        port: Int,
        deadline: ContinuousClock.Instant,
        timeout: Duration,
        resolver: @escaping AddressResolver
    ) throws(WebSocketError) -> [ResolvedAddress] {
        if let addresses = numericAddresses(host: host, port: port) { return addresses }
        let outcome = Locked<Result<[ResolvedAddress], WebSocketError>?>(nil)
        let done = DispatchSemaphore(value: 0)
        DedicatedThread.start(name: "resolve \(host)") {
            let result = Result { () throws(WebSocketError) in try resolver(host, port) }
            outcome.withLock { $0 = result }
            done.signal()
        }
        let remaining = ContinuousClock.now.duration(to: deadline)
        guard done.wait(timeout: .now() + remaining.dispatchInterval) == .success,
            let result = outcome.withLock({ $0 })
        else { throw .connectTimeout(timeout) }
        return try result.get()
    }

    private static func getAddresses(
        host: String, port: Int, numericOnly: Bool
    ) throws(WebSocketError) -> [ResolvedAddress]? {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(Platform.streamSocketType & 0xF)
        hints.ai_protocol = Platform.tcpProtocol
        hints.ai_flags = AI_NUMERICSERV | (numericOnly ? AI_NUMERICHOST : 0)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let list else {
            if numericOnly { return nil }
            throw .hostResolutionFailed(host: host, reason: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(list) }
        var addresses: [ResolvedAddress] = []
        var entry: UnsafeMutablePointer<addrinfo>? = list
        while let info = entry?.pointee {
            entry = info.ai_next
            guard let address = info.ai_addr, info.ai_family == AF_INET || info.ai_family == AF_INET6 else { continue }
            let bytes = Array(UnsafeRawBufferPointer(start: address, count: Int(info.ai_addrlen)))
            let resolved = ResolvedAddress(family: info.ai_family, socketAddress: bytes)
            if !addresses.contains(resolved) { addresses.append(resolved) }
        }
        return addresses
    }
}
