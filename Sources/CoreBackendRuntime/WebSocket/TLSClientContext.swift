#if canImport(COpenSSL)
    internal import COpenSSL
    #if canImport(Glibc)
        internal import Glibc
    #elseif canImport(Musl)
        internal import Musl
    #endif

    /// An OpenSSL client context: TLS 1.2 or later, peer verification against the system trust store plus an optional CA file.
    ///
    /// `@unchecked Sendable` is safe: the `SSL_CTX` is fully configured in `init` and only read
    /// afterwards (`SSL_new`), which OpenSSL allows from any thread.
    final class TLSClientContext: @unchecked Sendable {
        let context: OpaquePointer

        /// Creates a context; every OpenSSL setup call is checked.
        ///
        /// - Throws: ``WebSocketError/tlsFailed(reason:)`` naming the call that failed.
        init(additionalTrustedCAFile: String?) throws(WebSocketError) {
            ERR_clear_error()
            guard let context = SSL_CTX_new(TLS_client_method()) else {
                throw .tlsFailed(reason: "SSL_CTX_new failed: \(openSSLErrorDescription())")
            }
            do throws(WebSocketError) {
                try requireOpenSSLSuccess(
                    cb_SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION), "SSL_CTX_set_min_proto_version")
            } catch {
                SSL_CTX_free(context)
                throw error
            }
            SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
            // Honours SSL_CERT_FILE / SSL_CERT_DIR, else the distribution's bundle. A failure is not fatal:
            // with no trust anchors verification fails closed, and an additional CA file may still be loaded.
            if SSL_CTX_set_default_verify_paths(context) != 1 { ERR_clear_error() }
            if let additionalTrustedCAFile {
                guard SSL_CTX_load_verify_locations(context, additionalTrustedCAFile, nil) == 1 else {
                    let reason = openSSLErrorDescription()
                    SSL_CTX_free(context)
                    throw .tlsFailed(reason: "could not load CA file \(additionalTrustedCAFile): \(reason)")
                }
            }
            self.context = context
        }

        deinit {
            SSL_CTX_free(context)
        }

        /// Fails before any socket is opened when `host` cannot be the TLS peer name (SNI allows at most
        /// 255 bytes, for one), using the same checks as the handshake.
        func checkPeerName(_ host: String) throws(WebSocketError) {
            ERR_clear_error()
            guard let ssl = SSL_new(context) else {
                throw .tlsFailed(reason: "SSL_new failed: \(openSSLErrorDescription())")
            }
            defer { SSL_free(ssl) }
            try Self.setPeerName(host, on: ssl)
        }

        /// Sets what the peer's certificate must match on `ssl`: SNI and the host name, or the address
        /// for an IP literal (no SNI for addresses, RFC 6066 §3). Every call is checked.
        static func setPeerName(_ host: String, on ssl: OpaquePointer) throws(WebSocketError) {
            if isIPAddress(host) {
                try requireOpenSSLSuccess(
                    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host), "X509_VERIFY_PARAM_set1_ip_asc")
            } else {
                try requireOpenSSLSuccess(cb_SSL_set_tlsext_host_name(ssl, host), "SSL_set_tlsext_host_name")
                try requireOpenSSLSuccess(SSL_set1_host(ssl, host), "SSL_set1_host")
            }
        }

        private static func isIPAddress(_ host: String) -> Bool {
            var storage = in6_addr()
            return inet_pton(AF_INET, host, &storage) == 1 || inet_pton(AF_INET6, host, &storage) == 1
        }
    }

    /// Throws ``WebSocketError/tlsFailed(reason:)`` naming `call` unless `result` is 1, OpenSSL's success
    /// value, so a failed setup call (such as setting the host name to verify) aborts the connection.
    package func requireOpenSSLSuccess(_ result: some BinaryInteger, _ call: String) throws(WebSocketError) {
        guard result == 1 else { throw .tlsFailed(reason: "\(call) failed: \(openSSLErrorDescription())") }
    }

    /// The oldest error on this thread's OpenSSL error queue (which it clears), or "unknown error".
    func openSSLErrorDescription() -> String {
        let code = ERR_get_error()
        ERR_clear_error()
        guard code != 0 else { return "unknown error" }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
#endif

/// Creates the TLS context on first use and keeps it for the transport's lifetime.
final class TLSContextCache: Sendable {
    let additionalTrustedCAFile: String?
    #if canImport(COpenSSL)
        private let cached = Locked<TLSClientContext?>(nil)

        func context() throws(WebSocketError) -> TLSClientContext {
            try cached.withLock { (cached) throws(WebSocketError) in
                if let cached { return cached }
                let context = try TLSClientContext(additionalTrustedCAFile: additionalTrustedCAFile)
                cached = context
                return context
            }
        }
    #endif

    init(additionalTrustedCAFile: String?) {
        self.additionalTrustedCAFile = additionalTrustedCAFile
    }
}
