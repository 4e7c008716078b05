import Foundation

/// The connection engine shared by the built-in client and the test server: frames over a ``ByteStream``.
///
/// One dedicated thread runs ``runReadLoop(initialBytes:)``: it reads into the decoder's buffer,
/// answers pings and close frames, and yields messages into ``events``. Senders serialise on the
/// writer lock. The read loop alone releases the stream, after shutting it down (which wakes any
/// sender blocked on a full socket) and marking the writer closed.
///
/// Liveness: with a ``WebSocketKeepalive``, a timer (see `WebSocketChannel+Keepalive.swift`) pings an
/// idle peer and shuts the stream down when nothing answers; with a write timeout, a write the peer
/// does not take in time shuts it down too. Either way the read loop then ends with one `.closed`
/// event (1006, with the reason recorded in `Lifecycle.failureReason`).
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
    /// How long one write may wait for the peer to take the bytes; nil waits as long as it takes.
    let writeTimeout: Duration?
    let keepalive: WebSocketKeepalive?
    /// Back-pressure limits of the inbound backlog (see `waitForRoom`).
    let maximumBufferedMessages: Int
    let maximumBufferedBytes: Int
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
        /// Set once the stream has been shut down from outside the read loop (drop, keepalive, write
        /// timeout), so a read loop paused for back-pressure stops waiting for a consumer and ends.
        var isShutDown = false
        /// Why the connection was ended from outside the read loop (keepalive or write timeout).
        var failureReason: String?
        /// When the last read returned bytes (set once per read, not per message) and when the keepalive
        /// ping awaiting an answer was sent.
        var keepaliveTracker = WebSocketKeepaliveTracker()
    }

    /// The default bound on the inbound backlog's message count.
    package static let defaultMaximumBufferedMessages = 1024
    /// The default bound on the inbound backlog's payload bytes (16 MiB).
    package static let defaultMaximumBufferedBytes = 16 * 1024 * 1024

    /// Wraps an upgraded stream; call ``runReadLoop(initialBytes:)`` on a dedicated thread next.
    ///
    /// - Parameters:
    ///   - writeTimeout: how long a write may wait for the peer to take its bytes before the connection
    ///     is ended (the send throws ``WebSocketError/writeTimeout(_:)``); nil waits indefinitely.
    ///   - keepalive: when to ping an idle peer and give up on a silent one; nil never pings.
    ///   - maximumBufferedMessages: the read loop stops reading while this many messages wait for the consumer…
    ///   - maximumBufferedBytes: …or while their payloads add up to this many bytes.
    package init(
        stream: any ByteStream,
        role: WebSocketRole,
        maximumMessageSize: Int,
        closeTimeout: Duration,
        writeTimeout: Duration? = nil,
        keepalive: WebSocketKeepalive? = nil,
        maximumBufferedMessages: Int = defaultMaximumBufferedMessages,
        maximumBufferedBytes: Int = defaultMaximumBufferedBytes
    ) {
        self.stream = stream
        self.role = role
        self.maximumMessageSize = maximumMessageSize
        self.closeTimeout = closeTimeout
        self.writeTimeout = writeTimeout
        self.keepalive = keepalive
        self.maximumBufferedMessages = max(1, maximumBufferedMessages)
        self.maximumBufferedBytes = max(1, maximumBufferedBytes)
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
        lifecycle.withLock { $0.isShutDown = true }
        stream.shutdown()
    }

    /// From now on, ignores everything received: no pongs, no close replies, no events.
    package func stall() {
        lifecycle.withLock { $0.isStalled = true }
    }

    /// Runs `body` on the writer state, then writes and clears what it queued in `state.buffer`.
    ///
    /// A write that misses the write timeout has left a partial frame behind: the connection ends
    /// (writer closed, stream shut down, reason `"write timeout"`) and this throws ``WebSocketError/writeTimeout(_:)``.
    func withWriter(_ body: (inout WriterState) throws(WebSocketError) -> Void) throws(WebSocketError) {
        try writer.withLock { (state) throws(WebSocketError) in
            guard !state.isClosed else { throw .connectionClosed }
            state.buffer.clear()
            try body(&state)
            guard state.buffer.readableCount > 0 else { return }
            defer {
                if state.buffer.readableCount > 1 << 20 { state.buffer = ByteBuffer(capacity: 64 * 1024) }
            }
            let deadline = writeTimeout.map { ContinuousClock.now + $0 }
            do {
                try state.buffer.withReadableBytes { try stream.write($0, deadline: deadline) }
            } catch is ByteStreamTimeout {
                state.isClosed = true
                end(reason: "write timeout")
                throw .writeTimeout(writeTimeout ?? .zero)
            } catch {
                throw .socketError("\(error)")
            }
        }
    }

    /// Ends the connection from outside the read loop: records why (the first reason wins) and shuts
    /// the stream down, which wakes the read loop (and any blocked writer) so it reports the close.
    func end(reason: String) {
        lifecycle.withLock { state in
            if state.failureReason == nil { state.failureReason = reason }
            state.isShutDown = true
        }
        stream.shutdown()
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
