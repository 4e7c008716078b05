import Dispatch
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The session delegate of ``URLSessionTransport``: collects each task's body up to its limit, fails it
/// at its deadline, and strips `Authorization` from redirects that leave the origin.
///
/// Every transfer is finished exactly once, by whichever comes first: completion, the size limit, the
/// deadline or cancellation of the awaiting task. Finishing removes the entry, so later callbacks of the
/// cancelled `URLSessionTask` find nothing and are ignored.
final class URLSessionTransferDelegate: NSObject, URLSessionDataDelegate, Sendable {
    private struct Transfer {
        let continuation: CheckedContinuation<HTTPResponse, any Error>
        let task: URLSessionTask
        /// The session's (serial) delegate queue: the task is cancelled there (see ``finish(_:with:cancelTask:)``).
        let delegateQueue: OperationQueue
        let limit: Int
        let timeout: Duration
        /// The request URL for errors, without credentials.
        let displayURL: String
        let origin: Origin?
        var body = Data()
        var authorizationDropped = false
        var timer: DispatchWorkItem?
    }

    private struct State {
        var transfers: [Int: Transfer] = [:]
        /// Tasks whose caller was cancelled before the transfer was registered.
        var cancelledEarly: Set<Int> = []
    }

    private let state = Locked(State())

    /// Runs `request` on `session` and returns the whole response, or throws when the body exceeds
    /// `limit` bytes or the exchange takes longer than `timeout`.
    func perform(_ request: URLRequest, on session: URLSession, limit: Int, timeout: Duration) async throws
        -> HTTPResponse
    {
        let task = session.dataTask(with: request)
        let id = task.taskIdentifier
        let url = request.url
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let displayURL = url.map { Redaction.redact($0.absoluteString) } ?? ""
                let registered = state.withLock { state -> Bool in
                    if state.cancelledEarly.remove(id) != nil { return false }
                    state.transfers[id] = Transfer(
                        continuation: continuation, task: task, delegateQueue: session.delegateQueue, limit: limit,
                        timeout: timeout, displayURL: displayURL, origin: url.map(Origin.init))
                    return true
                }
                guard registered else {
                    continuation.resume(throwing: CancellationError())
                    return
                }
                // The deadline runs on Dispatch, not the cooperative pool, so it fires on time even when
                // the app keeps every pool thread busy.
                let timer = DispatchWorkItem { [weak self] in
                    self?.finish(id, with: .failure(APIError.timedOut(url: displayURL, timeout: timeout)))
                }
                state.withLock { $0.transfers[id]?.timer = timer }
                DispatchQueue.global().asyncAfter(deadline: .now() + timeout.dispatchInterval, execute: timer)
                task.resume()
            }
        } onCancel: {
            let registered = state.withLock { state -> Bool in
                if state.transfers[id] != nil { return true }
                state.cancelledEarly.insert(id)
                return false
            }
            if registered { finish(id, with: .failure(CancellationError())) }
        }
    }

    /// Ends transfer `id` with `result` unless it already ended, cancelling its task when it is still running.
    ///
    /// The caller is answered at once; the task is cancelled on the session's delegate queue, after any
    /// delegate callback already queued there. FoundationNetworking traps ("Received callback for HTTP
    /// redirection, but we're not waiting for it") when a task is cancelled between handing a redirect to
    /// the delegate and the delegate's answer: on that serial queue, a redirect callback either runs
    /// before the cancel (and answers first) or after it (and finds the transfer gone, see
    /// ``urlSession(_:task:willPerformHTTPRedirection:newRequest:completionHandler:)``).
    private func finish(_ id: Int, with result: Result<HTTPResponse, any Error>, cancelTask: Bool = true) {
        guard let transfer = state.withLock({ $0.transfers.removeValue(forKey: id) }) else { return }
        transfer.timer?.cancel()
        if cancelTask {
            let task = transfer.task
            transfer.delegateQueue.addOperation { task.cancel() }
        }
        transfer.continuation.resume(with: result)
    }

    private func tooLarge(_ id: Int) {
        let failure = state.withLock { state in
            state.transfers[id].map { APIError.responseTooLarge(url: $0.displayURL, limit: $0.limit) }
        }
        if let failure { finish(id, with: .failure(failure)) }
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
    ) {
        let id = dataTask.taskIdentifier
        let announced = response.expectedContentLength
        let limit = state.withLock { $0.transfers[id]?.limit }
        if let limit, announced > Int64(limit) {
            tooLarge(id)
            completionHandler(.cancel)
            return
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let id = dataTask.taskIdentifier
        let fits = state.withLock { state -> Bool in
            guard var transfer = state.transfers[id] else { return true }
            guard data.count <= transfer.limit - transfer.body.count else { return false }
            state.transfers[id] = nil  // avoid a copy-on-write of the body while appending
            transfer.body.append(data)
            state.transfers[id] = transfer
            return true
        }
        if !fits { tooLarge(id) }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        let id = task.taskIdentifier
        if let error {
            guard let transfer = state.withLock({ $0.transfers[id] }) else { return }
            finish(id, with: .failure(Self.sanitized(error, transfer)), cancelTask: false)
            return
        }
        guard let http = task.response as? HTTPURLResponse else {
            finish(id, with: .failure(URLError(.badServerResponse)), cancelTask: false)
            return
        }
        let body = state.withLock { $0.transfers[id]?.body } ?? Data()
        finish(id, with: .success(HTTPResponse(status: http.statusCode, body: body)), cancelTask: false)
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        let id = task.taskIdentifier
        let crossesOrigin = state.withLock { state -> Bool? in
            guard var transfer = state.transfers[id] else { return nil }
            let target = request.url.map(Origin.init)
            if transfer.origin == nil || target != transfer.origin { transfer.authorizationDropped = true }
            state.transfers[id] = transfer
            return transfer.authorizationDropped
        }
        // The transfer ended (deadline, limit, cancelled caller): its task's cancel is queued behind this
        // callback; answering now would reach a task that is no longer waiting (a trap in FoundationNetworking).
        guard let crossesOrigin else { return }
        var next = request
        if crossesOrigin {
            next.setValue(nil, forHTTPHeaderField: "Authorization")
        }
        completionHandler(next)
    }

    /// URLSession's own timeout as ``APIError/timedOut(url:timeout:)``; other transport errors keep their
    /// type and code but no user info except a credential-free URL.
    private static func sanitized(_ error: any Error, _ transfer: Transfer) -> any Error {
        guard let urlError = error as? URLError else { return error }
        if urlError.code == .timedOut { return APIError.timedOut(url: transfer.displayURL, timeout: transfer.timeout) }
        let url = URL(string: transfer.displayURL)
        return URLError(urlError.code, userInfo: url.map { [NSURLErrorFailingURLErrorKey: $0] } ?? [:])
    }
}
