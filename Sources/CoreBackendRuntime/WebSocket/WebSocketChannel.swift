import Foundation

/// The connection engine shared by the built-in client and the test server: frames over a ``ByteStream``.
///
/// One dedicated thread runs ``runReadLoop(initialBytes:)``: it reads into the decoder's buffer,
/// answers pings and close frames, and yields messages into ``events``. Senders serialise on the
/// writer lock. The read loop alone releases the stream, after shutting it down (which wakes any
/// sender blocked on a full socket) and marking the writer closed.
///
/// `@unchecked Sendable` is safe: the stored properties are immutable, `Sendable`, or behind the
/// `writer` and `lifecycle` locks; the decoder and assembler live on the read-loop thread's stack.
package final class WebSocketChannel: @unchecked Sendable {
    /// Which end this is (decides masking).
    package let role: WebSocketRole
    /// Inbound events, ending with one `.closed`.
    package let events: WebSocketEvents
    let stream: any ByteStream
    let maximumMessageSize: Int
    let closeTimeout: Duration
    let continuation: WebSocketEvents.Continuation
    let writer: Locked<WriterState>
    let lifecycle = Locked(Lifecycle())

    struct WriterState {
        var closeSent = false
        var isClosed = false
        var buffer = ByteBuffer(capacity: 64 * 1024)
        var random = SystemRandomNumberGenerator()
    }

    struct Lifecycle {
        var closeInfo: WebSocketCloseInfo?
        var waiters: [CheckedContinuation<Void, Never>] = []
        var isStalled = false
    }

    /// Wraps an upgraded stream; call ``runReadLoop(initialBytes:)`` on a dedicated thread next.
    package init(stream: any ByteStream, role: WebSocketRole, maximumMessageSize: Int, closeTimeout: Duration) {
        self.stream = stream
        self.role = role
        self.maximumMessageSize = maximumMessageSize
        self.closeTimeout = closeTimeout
        (events, continuation) = WebSocketEvents.makeStream()
        writer = Locked(WriterState())
    }

    /// How the connection closed, once it has.
    package var closeInfo: WebSocketCloseInfo? { lifecycle.withLock { $0.closeInfo } }

    /// Sends a text message.
    package func send(text: String) throws(WebSocketError) {
        var text = text
        try text.withUTF8 { utf8 in
            Result { () throws(WebSocketError) in try send(opcode: .text, payload: UnsafeRawBufferPointer(utf8)) }
        }.get()
    }

    /// Sends several text messages with a single write.
    package func send(texts: [String]) throws(WebSocketError) {
        try withWriter { (state) throws(WebSocketError) in
            guard !state.closeSent else { throw .connectionClosed }
            for var text in texts {
                text.withUTF8 { appendFrame(.text, UnsafeRawBufferPointer($0), to: &state) }
            }
        }
    }

    /// Sends one data or control frame (unless a close frame has already been sent).
    package func send(opcode: WebSocketOpcode, payload: UnsafeRawBufferPointer) throws(WebSocketError) {
        try withWriter { (state) throws(WebSocketError) in
            guard !state.closeSent else { throw .connectionClosed }
            appendFrame(opcode, payload, to: &state)
        }
    }

    /// Writes `bytes` as they are, ignoring the protocol state (fault injection).
    package func sendRaw(_ bytes: [UInt8]) throws(WebSocketError) {
        try withWriter { state in state.buffer.write(bytes) }
    }

    /// Sends a close frame (once) and waits until the connection has closed, at most `closeTimeout`.
    package func close(code: WebSocketCloseCode, reason: String) async {
        _ = try? withWriter { state in
            guard !state.closeSent else { return }
            state.closeSent = true
            appendClose(code: code, reason: reason, to: &state)
        }
        await waitUntilClosed(timeout: closeTimeout)
    }

    /// Waits until the read loop has finished, shutting the stream down after `timeout`.
    package func waitUntilClosed(timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitUntilClosed() }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
            stream.shutdown()
        }
    }

    /// Waits until the read loop has finished.
    package func waitUntilClosed() async {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let done = lifecycle.withLock { state in
                if state.closeInfo != nil { return true }
                state.waiters.append(waiter)
                return false
            }
            if done { waiter.resume() }
        }
    }

    /// Drops the TCP connection without a closing handshake.
    package func drop() {
        stream.shutdown()
    }

    /// From now on, ignores everything received: no pongs, no close replies, no events.
    package func stall() {
        lifecycle.withLock { $0.isStalled = true }
    }

    /// Runs `body` on the writer state, then writes and clears what it queued in `state.buffer`.
    func withWriter(_ body: (inout WriterState) throws(WebSocketError) -> Void) throws(WebSocketError) {
        try writer.withLock { (state) throws(WebSocketError) in
            guard !state.isClosed else { throw .connectionClosed }
            state.buffer.clear()
            try body(&state)
            guard state.buffer.readableCount > 0 else { return }
            defer {
                if state.buffer.readableCount > 1 << 20 { state.buffer = ByteBuffer(capacity: 64 * 1024) }
            }
            do {
                try state.buffer.withReadableBytes { try stream.write($0) }
            } catch {
                throw .socketError("\(error)")
            }
        }
    }

    func appendFrame(_ opcode: WebSocketOpcode, _ payload: UnsafeRawBufferPointer, to state: inout WriterState) {
        let key: UInt32? = role == .client ? UInt32.random(in: .min ... .max, using: &state.random) : nil
        WebSocketFrame.serialize(opcode: opcode, maskingKey: key, payload: payload, into: &state.buffer)
    }

    func appendClose(code: WebSocketCloseCode?, reason: String, to state: inout WriterState) {
        guard let code else { return appendFrame(.close, UnsafeRawBufferPointer(start: nil, count: 0), to: &state) }
        var reason = reason
        while reason.utf8.count > 123 { reason.removeLast() }
        WebSocketFrame.close(code: code, reason: reason).payload.withUnsafeBytes {
            appendFrame(.close, $0, to: &state)
        }
    }
}
