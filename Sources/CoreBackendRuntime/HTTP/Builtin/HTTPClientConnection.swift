import Foundation

/// One keep-alive connection of an ``HTTPConnectionPool`` and the thread that reads it.
///
/// The thread blocks in `recv` for as long as the connection lives, so a server that closes an idle
/// connection is noticed at once (the connection leaves the pool), and a response wakes exactly this
/// thread, which parses it and resumes the caller. Requests are written by whoever takes the
/// connection from the pool (the caller's thread, so a request costs no thread hop on the way out).
final class HTTPClientConnection: Sendable {
    private enum Reuse { case now, afterWrite, never }

    private struct State {
        var exchange: HTTPExchange?
        var isDead = false
        /// Whether a request is still being written.
        var isWriting = false
        /// Whether the response came before its request was fully written: the writer then returns the
        /// connection to the pool.
        var releaseAfterWrite = false
        /// Responses completed on this connection.
        var served = 0
    }

    let stream: any ByteStream
    let pool: HTTPConnectionPool
    private let state = Locked(State())

    /// Requests up to this size are written on the caller's thread; larger ones on a thread of their
    /// own, so a server that reads slowly never holds a cooperative-pool thread.
    static let inlineWriteLimit = 64 * 1024

    init(stream: any ByteStream, pool: HTTPConnectionPool) {
        self.stream = stream
        self.pool = pool
    }

    /// Sends `exchange`'s request on this connection, taken from the pool; the reader thread completes it.
    func begin(_ exchange: HTTPExchange) {
        guard exchange.attach(self) else {
            // Ended (deadline, cancellation) while waiting for the connection: give it to the next one.
            if let next = pool.release(self) { begin(next) }
            return
        }
        let reused = state.withLock { state -> Bool? in
            guard !state.isDead else { return nil }
            state.exchange = exchange
            state.isWriting = true
            return state.served > 0
        }
        guard let reused else {
            exchange.finish(.failure(HTTPExchange.StaleConnection(reason: "closed while idle", nothingSent: true)))
            return
        }
        if exchange.request.bytes.count <= Self.inlineWriteLimit {
            write(exchange, reused: reused)
        } else {
            DedicatedThread.start(name: "HTTP request body") { [self] in write(exchange, reused: reused) }
        }
    }

    private func write(_ exchange: HTTPExchange, reused: Bool) {
        do {
            try exchange.request.bytes.withUnsafeBytes { try stream.write($0, deadline: exchange.deadline) }
            let release = state.withLock { state in
                defer { (state.isWriting, state.releaseAfterWrite) = (false, false) }
                return state.releaseAfterWrite
            }
            if release, let next = pool.release(self) { begin(next) }
        } catch {
            let failure: any Error =
                reused
                ? HTTPExchange.StaleConnection(reason: "\(error)")
                : HTTPTransportError.connectionClosed(reason: "sending the request failed: \(error)")
            exchange.finish(.failure(failure))
            abort()  // part of the request may be on the wire: the connection is unusable
        }
    }

    /// Wakes the reader, which then retires the connection.
    func abort() {
        stream.shutdown()
    }

    /// Reads responses until the connection ends; runs on the connection's own thread.
    func readLoop() {
        var buffer = ByteBuffer(capacity: 16 * 1024)
        while let exchange = awaitResponse(&buffer) {
            guard readResponse(exchange, &buffer) else { return }
        }
    }

    /// Reads until response bytes arrive for the current exchange; nil once the connection has ended
    /// (closed by the server while idle, idle too long, unsolicited bytes, a failure).
    private func awaitResponse(_ buffer: inout ByteBuffer) -> HTTPExchange? {
        while true {
            let isIdle = state.withLock { $0.exchange == nil }
            let count: Int
            do {
                count = try fill(&buffer, deadline: isIdle ? .now + pool.configuration.idleTimeout : nil)
            } catch is ByteStreamTimeout {
                if pool.removeIfIdle(self) {
                    retire(nil, counted: false)
                    return nil
                }
                continue
            } catch {
                retire(closedBeforeResponse("\(error)"))
                return nil
            }
            guard let exchange = state.withLock({ $0.exchange }), count > 0 else {
                retire(closedBeforeResponse("closed by the server before the response"))
                return nil
            }
            return exchange
        }
    }

    /// Parses one response (its first bytes are in `buffer`) and completes `exchange`; false when the
    /// connection cannot carry another request.
    private func readResponse(_ exchange: HTTPExchange, _ buffer: inout ByteBuffer) -> Bool {
        var parser = HTTPResponseParser(limits: exchange.limits, isHeadRequest: exchange.request.isHead)
        do {
            while true {
                let used = try buffer.withReadableBytes { bytes throws(HTTPResponseParseError) in
                    try parser.parse(bytes)
                }
                buffer.moveReaderIndex(by: used)
                if parser.isComplete { break }
                let count = try fill(&buffer, deadline: nil)
                if count == 0 {
                    try parser.endOfStream()
                    break
                }
            }
        } catch let error as HTTPResponseParseError {
            retire(Self.failure(error, exchange))
            return false
        } catch {
            retire(HTTPTransportError.connectionClosed(reason: "\(error)"))
            return false
        }
        // Bytes after the response mean the server sent more than was asked: do not trust the connection.
        return complete(
            exchange, HTTPExchange.Response(head: parser.head!, body: parser.body), reusable: buffer.readableCount == 0)
    }

    /// Hands `response` to `exchange` and the connection back to the pool (or retires it); false when
    /// the connection cannot carry another request.
    private func complete(_ exchange: HTTPExchange, _ response: HTTPExchange.Response, reusable: Bool) -> Bool {
        let reuse = state.withLock { state -> Reuse in
            guard reusable, response.head.keepAlive, !exchange.isFinished else { return .never }
            state.exchange = nil
            state.served += 1
            guard !state.isWriting else {
                state.releaseAfterWrite = true
                return .afterWrite
            }
            return .now
        }
        switch reuse {
        case .never:
            retire(nil)
            exchange.finish(.success(response))
            return false
        case .afterWrite:
            exchange.finish(.success(response))
        case .now:
            let next = pool.release(self)
            exchange.finish(.success(response))
            if let next { begin(next) }
        }
        return true
    }

    /// Reads into `buffer`'s free space; returns the byte count, 0 at the end of the stream.
    private func fill(_ buffer: inout ByteBuffer, deadline: ContinuousClock.Instant?) throws -> Int {
        try buffer.write(minimumCount: 8 * 1024) { space in try stream.read(into: space, deadline: deadline) }
    }

    /// Marks the connection dead, takes it out of the pool and fails its exchange with `error`, if any.
    private func retire(_ error: (any Error)?, counted: Bool = true) {
        let exchange = state.withLock { state -> HTTPExchange? in
            state.isDead = true
            defer { state.exchange = nil }
            return state.exchange
        }
        stream.shutdown()
        if counted { pool.remove(self) }
        if let exchange, let error { exchange.finish(.failure(error)) }
    }

    /// The error of a connection that ended before any response byte: stale if it had served a response.
    private func closedBeforeResponse(_ reason: String) -> any Error {
        state.withLock { $0.served } > 0
            ? HTTPExchange.StaleConnection(reason: reason) : HTTPTransportError.connectionClosed(reason: reason)
    }

    private static func failure(_ error: HTTPResponseParseError, _ exchange: HTTPExchange) -> any Error {
        switch error {
        case .bodyTooLarge(let limit): APIError.responseTooLarge(url: exchange.timeoutError.url, limit: limit)
        case .truncated(let reason): HTTPTransportError.connectionClosed(reason: reason)
        default: HTTPTransportError.malformedResponse(reason: error.description)
        }
    }
}
