#if canImport(COpenSSL)
internal import COpenSSL

/// An OpenSSL client context: TLS 1.2 or later, peer verification against the system trust store plus an optional CA file.
///
/// `@unchecked Sendable` is safe: the `SSL_CTX` is fully configured in `init` and only read
/// afterwards (`SSL_new`), which OpenSSL allows from any thread.
final class TLSClientContext: @unchecked Sendable {
    let context: OpaquePointer

    init(additionalTrustedCAFile: String?) throws(WebSocketError) {
        guard let context = SSL_CTX_new(TLS_client_method()) else {
            throw .tlsFailed(reason: "SSL_CTX_new failed: \(openSSLErrorDescription())")
        }
        _ = cb_SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION)
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        // Honours SSL_CERT_FILE / SSL_CERT_DIR, else the distribution's bundle.
        _ = SSL_CTX_set_default_verify_paths(context)
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
