extension WebSocketChannel {
    /// The read-buffer space requested from each `read`.
    static let readChunkSize = 256 * 1024

    /// Reads and dispatches frames until the connection closes, then releases the stream.
    ///
    /// Blocks: run it on a dedicated thread. `initialBytes` are bytes read past the upgrade response.
    package func runReadLoop(initialBytes: [UInt8] = []) {
        var decoder = WebSocketFrameDecoder(role: role, initialCapacity: Self.readChunkSize * 2)
        decoder.append(initialBytes)
        var assembler = WebSocketMessageAssembler(maximumMessageSize: maximumMessageSize)
        startKeepalive()
        let info: WebSocketCloseInfo
        readLoop: while true {
            do {
                while let inbound = try decoder.nextInbound(assembling: &assembler) {
                    if let closed = handle(inbound) {
                        info = closed
                        break readLoop
                    }
                }
            } catch {
                // Tell the peer why, then give up without waiting for its close frame.
                _ = try? withWriter { state in
                    guard !state.closeSent else { return }
                    state.closeSent = true
                    appendClose(code: error.closeCode, reason: error.reason, to: &state)
                }
                info = WebSocketCloseInfo(code: error.closeCode, reason: error.reason, wasClean: false)
                break
            }
            // Everything decoded from this read is buffered: hand it over before blocking on the next one.
            continuation.wakeConsumer()
            // Back-pressure: with a backlog (in messages or bytes), stop reading (the peer then waits on
            // TCP flow control) until the consumer catches up, unless we are closing (the close
            // handshake must be read), or the stream was shut down (nothing more to wait for). The
            // backlog can pass the byte limit by what one read decoded.
            continuation.waitForRoom(limit: maximumBufferedMessages, byteLimit: maximumBufferedBytes) {
                writer.withLock { $0.closeSent || $0.isClosed } || lifecycle.withLock { $0.isShutDown }
            }
            do {
                let count = try decoder.readMore(minimumCapacity: Self.readChunkSize) { buffer in
                    try stream.read(into: buffer, deadline: nil)
                }
                if count == 0 {
                    info = .abnormal()
                    break
                }
                // Once per read (not per message): the keepalive's evidence that the peer is alive.
                let now = ContinuousClock.now
                let stalled = lifecycle.withLock { state in
                    if !state.isStalled { state.keepaliveTracker.lastReceived = now }
                    return state.isStalled
                }
                if stalled { decoder = WebSocketFrameDecoder(role: role) }
            } catch {
                info = .abnormal()
                break
            }
        }
        finish(info)
    }

    /// Acts on one inbound frame; returns the close information once the closing handshake is done.
    private func handle(_ inbound: WebSocketInbound) -> WebSocketCloseInfo? {
        switch inbound {
        case .text(let text):
            continuation.yieldWithoutWaking(.text(text))
        case .binary(let bytes):
            continuation.yieldWithoutWaking(.binary(bytes))
        case .ping(let payload):
            _ = try? payload.withUnsafeBytes { bytes in try send(opcode: .pong, payload: bytes) }
        case .pong:
            break
        case .close(let code, let reason):
            _ = try? withWriter { state in
                guard !state.closeSent else { return }  // this is the reply to our close frame
                state.closeSent = true
                appendClose(code: code, reason: "", to: &state)
            }
            if role == .client {
                // The server closes TCP first (RFC 6455 §7.1.1): send FIN, wait for its FIN, bounded.
                stream.shutdownOutput()
                drainUntilEndOfStream()
            }
            return WebSocketCloseInfo(code: code ?? .noStatusReceived, reason: reason, wasClean: true)
        }
        return nil
    }

    private func drainUntilEndOfStream() {
        let deadline = ContinuousClock.now + closeTimeout
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 1)
        defer { scratch.deallocate() }
        while let count = try? stream.read(into: scratch, deadline: deadline), count > 0 {}
    }

    /// Releases the stream, then reports the close: the `.closed` event first, then `close()` callers.
    private func finish(_ info: WebSocketCloseInfo) {
        var info = info
        if info.code == .abnormalClosure, let reason = lifecycle.withLock({ $0.failureReason }) {
            info = .abnormal(reason)  // ended by the keepalive or a write timeout: say which
        }
        stream.shutdown()  // wakes a sender blocked on a full socket, so the writer lock frees up
        writer.withLock { $0.isClosed = true }
        stream.close()
        continuation.yield(.closed(info))
        continuation.finish()
        let waiters = lifecycle.withLock { state in
            state.closeInfo = info
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
