import Dispatch
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Receives the open, close and completion callbacks of one connection's `URLSession` (one session per
/// connection, so the session-level delegate works on every Foundation) and bounds the opening.
///
/// `@unchecked Sendable` is safe: the mutable state is inside a `Locked`.
final class URLSessionWebSocketEventDelegate: NSObject, URLSessionWebSocketDelegate, @unchecked Sendable {
    private struct State {
        var openWaiter: CheckedContinuation<Void, any Error>?
        var opened = false
        var connection: URLSessionWebSocketConnection<URLSessionWebSocketTask>?
    }

    private let state = Locked(State())

    /// The connection told about the peer's close frame (held until the session is invalidated).
    var connection: URLSessionWebSocketConnection<URLSessionWebSocketTask>? {
        get { state.withLock { $0.connection } }
        set { state.withLock { $0.connection = newValue } }
    }

    /// Runs `start` and waits until the socket is open, the opening fails, `timeout` passes
    /// (``WebSocketError/connectTimeout(_:)``) or the task is cancelled.
    func waitForOpen(
        timeout: Duration, start: () -> Void, onCancel: @escaping @Sendable () -> Void
    ) async throws {
        let deadline = DispatchWorkItem { [weak self] in
            self?.resumeOpen(with: .failure(WebSocketError.connectTimeout(timeout)))
            onCancel()
        }
        defer { deadline.cancel() }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                state.withLock { $0.openWaiter = continuation }
                DispatchQueue.global().asyncAfter(deadline: .now() + timeout.dispatchInterval, execute: deadline)
                start()
            }
        } onCancel: {
            resumeOpen(with: .failure(CancellationError()))
            onCancel()
        }
    }

    private func resumeOpen(with result: Result<Void, any Error>) {
        let waiter = state.withLock { state in
            defer { state.openWaiter = nil }
            if case .success = result { state.opened = true }
            return state.openWaiter
        }
        waiter?.resume(with: result)
    }

    func urlSession(
        _ session: URLSession, webSocketTask: URLSessionWebSocketTask, didOpenWithProtocol protocol: String?
    ) {
        resumeOpen(with: .success(()))
    }

    func urlSession(
        _ session: URLSession,
        webSocketTask: URLSessionWebSocketTask,
        didCloseWith closeCode: URLSessionWebSocketTask.CloseCode,
        reason: Data?
    ) {
        connection?.peerClosed(
            WebSocketCloseInfo(
                code: WebSocketCloseCode(UInt16(clamping: closeCode.rawValue)),
                reason: reason.map { String(decoding: $0, as: UTF8.self) } ?? "",
                wasClean: true))
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        guard let error, !state.withLock({ $0.opened }) else { return }
        let url = task.originalRequest?.url
        let status = (task.response as? HTTPURLResponse)?.statusCode
        let headers = (task.response as? HTTPURLResponse)?.allHeaderFields ?? [:]
        resumeOpen(with: .failure(WebSocketError.opening(failure: error, url: url, status: status, headers: headers)))
    }
}
