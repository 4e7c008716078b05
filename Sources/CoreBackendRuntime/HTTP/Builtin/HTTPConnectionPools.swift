/// The connection pools of one ``BuiltinHTTPTransport`` (and its copies), one per endpoint; closes
/// their idle connections when the last copy is gone.
final class HTTPConnectionPools: Sendable {
    let configuration: BuiltinHTTPTransport.Configuration
    private let tlsContexts: TLSContextCache
    private let pools = Locked<[HTTPEndpoint: HTTPConnectionPool]>([:])

    init(configuration: BuiltinHTTPTransport.Configuration) {
        self.configuration = configuration
        tlsContexts = TLSContextCache(additionalTrustedCAFile: configuration.additionalTrustedCAFile)
    }

    /// The pool of `endpoint`, created on first use.
    func pool(for endpoint: HTTPEndpoint) -> HTTPConnectionPool {
        pools.withLock { pools in
            if let pool = pools[endpoint] { return pool }
            let pool = HTTPConnectionPool(endpoint: endpoint, configuration: configuration, tlsContexts: tlsContexts)
            pools[endpoint] = pool
            return pool
        }
    }

    /// The pool of `endpoint` if one was created.
    func existingPool(for endpoint: HTTPEndpoint) -> HTTPConnectionPool? {
        pools.withLock { $0[endpoint] }
    }

    deinit {
        for pool in pools.withLock({ Array($0.values) }) { pool.shutDown() }
    }
}
