import Foundation

/// One request on its way through a connection pool, finished exactly once by whichever comes first:
/// the response, a connection failure, the deadline (``DeadlineWatcher``) or cancellation of the caller.
///
/// Finishing from outside (deadline, cancellation) shuts the exchange's connection down, since the
/// rest of its response would otherwise be read as the next one's.
final class HTTPExchange: DeadlineWatched {
    /// A complete response.
    struct Response: Sendable {
        let head: HTTPResponseHead
        let body: Data
    }

    /// A keep-alive connection the server had closed before it sent any response byte: the request
    /// may not have been processed, and an idempotent one (or any one of which nothing was sent) is sent
    /// again on a new connection.
    struct StaleConnection: Error {
        let reason: String
        /// Whether the connection was found closed before any byte of the request was written.
        var nothingSent = false
    }

    private struct State {
        var continuation: UnsafeContinuation<Response, any Error>?
        /// The result when it came before the continuation was installed.
        var early: Result<Response, any Error>?
        var isFinished = false
        var connection: HTTPClientConnection?
    }

    let request: HTTPWireRequest
    let deadline: ContinuousClock.Instant
    let limits: HTTPResponseParser.Limits
    /// Whether the request must go on a new connection (the one retry after a stale connection).
    let needsFreshConnection: Bool
    /// What the exchange fails with at its deadline.
    let timeoutError: APIError
    private let state = Locked(State())

    init(
        request: HTTPWireRequest, deadline: ContinuousClock.Instant, limits: HTTPResponseParser.Limits,
        needsFreshConnection: Bool, timeoutError: APIError
    ) {
        self.request = request
        self.deadline = deadline
        self.limits = limits
        self.needsFreshConnection = needsFreshConnection
        self.timeoutError = timeoutError
    }

    /// Starts the exchange with `start` and waits for its end; cancelling the caller ends it with
    /// `CancellationError`.
    func run(_ start: @Sendable (HTTPExchange) -> Void) async throws -> Response {
        try await withTaskCancellationHandler {
            // An unsafe continuation is safe here: `state` resumes it exactly once.
            try await withUnsafeThrowingContinuation { continuation in
                let early = state.withLock { state -> Result<Response, any Error>? in
                    if let early = state.early { return early }
                    state.continuation = continuation
                    return nil
                }
                if let early {
                    continuation.resume(with: early)
                } else {
                    start(self)
                }
            }
        } onCancel: {
            abort(CancellationError())
        }
    }

    /// Whether the exchange has ended.
    var isFinished: Bool { state.withLock { $0.isFinished } }

    /// Records the connection carrying the exchange; false if it already ended.
    func attach(_ connection: HTTPClientConnection) -> Bool {
        state.withLock { state in
            guard !state.isFinished else { return false }
            state.connection = connection
            return true
        }
    }

    /// Ends the exchange with `result`; false if it had already ended.
    @discardableResult
    func finish(_ result: Result<Response, any Error>) -> Bool {
        finishTakingConnection(result).finished
    }

    /// Fails the exchange with its timeout error.
    func expire() {
        abort(timeoutError)
    }

    /// Ends the exchange from outside and shuts its connection down.
    func abort(_ error: any Error) {
        let (finished, connection) = finishTakingConnection(.failure(error))
        if finished { connection?.abort() }
    }

    private func finishTakingConnection(_ result: Result<Response, any Error>) -> (
        finished: Bool, connection: HTTPClientConnection?
    ) {
        let (finished, continuation, connection) = state.withLock {
            state -> (Bool, UnsafeContinuation<Response, any Error>?, HTTPClientConnection?) in
            guard !state.isFinished else { return (false, nil, nil) }
            state.isFinished = true
            defer { state.connection = nil }
            guard let continuation = state.continuation else {
                state.early = result
                return (true, nil, state.connection)
            }
            state.continuation = nil
            return (true, continuation, state.connection)
        }
        continuation?.resume(with: result)
        return (finished, connection)
    }
}
