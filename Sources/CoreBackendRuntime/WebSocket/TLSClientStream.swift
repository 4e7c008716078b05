#if canImport(COpenSSL)
    internal import COpenSSL
    import Foundation
    #if canImport(Glibc)
        internal import Glibc
    #elseif canImport(Musl)
        internal import Musl
    #endif

    /// A TLS client stream over a ``TCPSocket``: OpenSSL works on memory BIOs and this type moves the bytes.
    ///
    /// Keeping socket I/O out of OpenSSL lets sends use `MSG_NOSIGNAL` (no `SIGPIPE`) and lets the
    /// reader block in `recv` without holding the lock that every `SSL_*` call takes.
    ///
    /// `@unchecked Sendable` is safe: every use of `ssl` and its BIOs holds `sslLock`; `sendLock`
    /// (always taken before `sslLock`) keeps TLS records in order on the socket; `scratch` is used only
    /// by the single reading thread (or the handshake, before the stream is shared); `close()` runs
    /// once, after reads and writes have stopped.
    final class TLSClientStream: ByteStream, @unchecked Sendable {
        private let socket: TCPSocket
        private let ssl: OpaquePointer
        private let readBIO: OpaquePointer
        private let writeBIO: OpaquePointer
        private let context: TLSClientContext  // keeps the SSL_CTX alive
        private let sslLock = NSLock()
        private let sendLock = NSLock()
        private let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        private let isClosed = Locked(false)

        /// Runs the TLS handshake (SNI, certificate and host-name verification) before `deadline`.
        ///
        /// Every OpenSSL setup call is checked: a host name that cannot be set for SNI or verification
        /// (say, longer than the 255 bytes SNI allows) aborts with ``WebSocketError/tlsFailed(reason:)``
        /// instead of connecting without the check. The caller keeps ownership of `socket` if this throws.
        init(
            socket: TCPSocket, host: String, context: TLSClientContext, deadline: ContinuousClock.Instant,
            timeout: Duration
        ) throws(WebSocketError) {
            ERR_clear_error()
            guard let ssl = SSL_new(context.context) else {
                scratch.deallocate()
                throw .tlsFailed(reason: "SSL_new failed: \(openSSLErrorDescription())")
            }
            let readBIO = BIO_new(BIO_s_mem())
            let writeBIO = BIO_new(BIO_s_mem())
            guard let readBIO, let writeBIO else {
                let reason = openSSLErrorDescription()
                BIO_free(readBIO)
                BIO_free(writeBIO)
                SSL_free(ssl)
                scratch.deallocate()
                throw .tlsFailed(reason: "BIO_new failed: \(reason)")
            }
            _ = cb_BIO_set_mem_eof_return(readBIO, -1)
            SSL_set_bio(ssl, readBIO, writeBIO)  // the SSL owns both BIOs from here
            do throws(WebSocketError) {
                try TLSClientContext.setPeerName(host, on: ssl)
            } catch {
                SSL_free(ssl)
                scratch.deallocate()
                throw error
            }
            (self.socket, self.ssl, self.readBIO, self.writeBIO, self.context) = (
                socket, ssl, readBIO, writeBIO, context
            )
            SSL_set_connect_state(ssl)
            do throws(WebSocketError) {
                try handshake(host: host, deadline: deadline, timeout: timeout)
            } catch {
                isClosed.withLock { $0 = true }  // the caller closes the socket; free only the TLS state
                SSL_free(ssl)
                scratch.deallocate()
                throw error
            }
        }

        private func handshake(host: String, deadline: ContinuousClock.Instant, timeout: Duration)
            throws(WebSocketError)
        {
            while true {
                ERR_clear_error()
                let result = SSL_do_handshake(ssl)
                let error = result == 1 ? SSL_ERROR_NONE : SSL_get_error(ssl, result)
                let reason = result == 1 ? "" : openSSLErrorDescription()
                try? flushPendingOutput()
                if result == 1 { return }
                if error == SSL_ERROR_WANT_READ {
                    let count: Int
                    do {
                        count = try socket.read(into: scratch, deadline: deadline)
                    } catch is ByteStreamTimeout {
                        throw .connectTimeout(timeout)
                    } catch {
                        throw .tlsFailed(reason: "\(error)")
                    }
                    guard count > 0 else { throw .tlsFailed(reason: "connection closed during the TLS handshake") }
                    guard BIO_write(readBIO, scratch.baseAddress, Int32(count)) == Int32(count) else {
                        throw .tlsFailed(reason: "BIO_write failed: \(openSSLErrorDescription())")
                    }
                    continue
                }
                let verify = Int32(SSL_get_verify_result(ssl))
                if verify != X509_V_OK {
                    let text =
                        "certificate verify failed: " + String(cString: X509_verify_cert_error_string(Int(verify)))
                    if verify == X509_V_ERR_HOSTNAME_MISMATCH || verify == X509_V_ERR_IP_ADDRESS_MISMATCH {
                        throw .tlsHostnameMismatch(host: host, reason: text)
                    }
                    throw .tlsCertificateVerificationFailed(reason: text)
                }
                throw .tlsFailed(reason: "handshake failed: \(reason)")
            }
        }

        func read(into buffer: UnsafeMutableRawBufferPointer, deadline: ContinuousClock.Instant?) throws -> Int {
            while true {
                sslLock.lock()
                ERR_clear_error()
                let count = SSL_read(ssl, buffer.baseAddress, Int32(clamping: buffer.count))
                let error = count > 0 ? SSL_ERROR_NONE : SSL_get_error(ssl, count)
                let hasOutput = BIO_ctrl_pending(writeBIO) > 0
                let reason = error == SSL_ERROR_SSL ? openSSLErrorDescription() : ""
                sslLock.unlock()
                if hasOutput { try flushPendingOutput() }  // e.g. a KeyUpdate reply
                if count > 0 { return Int(count) }
                switch error {
                case SSL_ERROR_ZERO_RETURN:
                    return 0
                case SSL_ERROR_WANT_READ:
                    let received = try socket.read(into: scratch, deadline: deadline)
                    if received == 0 { return 0 }
                    sslLock.lock()
                    _ = BIO_write(readBIO, scratch.baseAddress, Int32(received))
                    sslLock.unlock()
                default:
                    throw WebSocketError.tlsFailed(reason: "read failed: \(reason)")
                }
            }
        }

        func write(_ bytes: UnsafeRawBufferPointer, deadline: ContinuousClock.Instant?) throws {
            sendLock.lock()
            defer { sendLock.unlock() }
            sslLock.lock()
            var offset = 0
            while offset < bytes.count {
                let written = SSL_write(ssl, bytes.baseAddress! + offset, Int32(clamping: bytes.count - offset))
                guard written > 0 else {
                    let reason = openSSLErrorDescription()
                    sslLock.unlock()
                    throw WebSocketError.tlsFailed(reason: "write failed: \(reason)")
                }
                offset += Int(written)
            }
            let output = drainWriteBIO()
            sslLock.unlock()
            try socket.write(output, deadline: deadline)
        }

        func shutdownOutput() {
            sendLock.lock()
            sslLock.lock()
            _ = SSL_shutdown(ssl)  // queues close_notify
            let output = drainWriteBIO()
            sslLock.unlock()
            try? socket.write(output)
            sendLock.unlock()
            socket.shutdownOutput()
        }

        func shutdown() {
            socket.shutdown()
        }

        func close() {
            let first = isClosed.withLock { closed in
                defer { closed = true }
                return !closed
            }
            guard first else { return }
            socket.close()
            SSL_free(ssl)  // frees both BIOs
            scratch.deallocate()
        }

        deinit {
            close()
        }

        /// Sends whatever OpenSSL has queued (handshake records, alerts).
        private func flushPendingOutput() throws {
            sendLock.lock()
            defer { sendLock.unlock() }
            sslLock.lock()
            let output = drainWriteBIO()
            sslLock.unlock()
            if !output.isEmpty { try socket.write(output) }
        }

        /// Takes the queued TLS records; call with `sslLock` held.
        private func drainWriteBIO() -> [UInt8] {
            let pending = Int(BIO_ctrl_pending(writeBIO))
            guard pending > 0 else { return [] }
            var output = [UInt8](repeating: 0, count: pending)
            let read = BIO_read(writeBIO, &output, Int32(pending))
            return Array(output.prefix(max(0, Int(read))))
        }
    }
#endif
