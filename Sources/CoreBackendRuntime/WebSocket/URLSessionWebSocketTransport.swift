#if canImport(Darwin)
    public import Foundation

    /// A ``WebSocketTransport`` backed by `URLSessionWebSocketTask`, for Apple platforms.
    ///
    /// It uses the system's networking and trust evaluation; message size limits and close timeouts
    /// are URLSession's. Prefer ``BuiltinWebSocketTransport`` where identical behaviour on Linux matters.
    public final class URLSessionWebSocketTransport: WebSocketTransport {
        private let session: URLSession

        /// Creates a transport with its own `URLSession` made from `configuration`.
        public init(configuration: URLSessionConfiguration = .default) {
            session = URLSession(configuration: configuration)
        }

        deinit {
            session.finishTasksAndInvalidate()
        }

        /// Opens a connection; see ``WebSocketTransport/connect(to:headers:timeout:)``.
        public func connect(
            to url: URL,
            headers: [String: String],
            timeout: Duration
        ) async throws -> any WebSocketConnection {
            _ = try WebSocketURL(url)
            var request = URLRequest(url: url, timeoutInterval: timeout.timeInterval)
            for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
            let task = session.webSocketTask(with: request)
            let connection = URLSessionWebSocketConnection(task: task)
            task.delegate = connection.delegate
            do {
                try await connection.delegate.waitForOpen {
                    task.resume()
                } onCancel: {
                    task.cancel()
                }
            } catch WebSocketError.connectTimeout(_) {
                throw WebSocketError.connectTimeout(timeout)
            }
            connection.startReceiving()
            return connection
        }
    }

    /// A connection made by ``URLSessionWebSocketTransport``.
    ///
    /// `@unchecked Sendable` is safe: `task` is thread-safe (URLSession synchronises it internally),
    /// `delegate` keeps its mutable state behind a lock, and `receiver` is a `Locked`.
    final class URLSessionWebSocketConnection: WebSocketConnection, @unchecked Sendable {
        let task: URLSessionWebSocketTask
        let delegate = URLSessionWebSocketEventDelegate()
        let events: WebSocketEvents
        private let continuation: WebSocketEvents.Continuation
        private let receiver = Locked<Task<Void, Never>?>(nil)

        init(task: URLSessionWebSocketTask) {
            self.task = task
            (events, continuation) = WebSocketEvents.makeStream()
        }

        func startReceiving() {
            let receiving = Task { [task, continuation, delegate] in
                while true {
                    do {
                        switch try await task.receive() {
                        case .string(let text): continuation.yield(.text(text))
                        case .data(let data): continuation.yield(.binary([UInt8](data)))
                        @unknown default: break
                        }
                    } catch {
                        continuation.yield(.closed(delegate.closeInfo ?? .abnormal(error.localizedDescription)))
                        continuation.finish()
                        return
                    }
                }
            }
            receiver.withLock { $0 = receiving }
        }

        func send(text: String) async throws {
            do {
                try await task.send(.string(text))
            } catch {
                throw WebSocketError.connectionClosed
            }
        }

        func close(code: WebSocketCloseCode, reason: String) async {
            let closeCode = URLSessionWebSocketTask.CloseCode(rawValue: Int(code.rawValue)) ?? .normalClosure
            task.cancel(with: closeCode, reason: Data(reason.utf8))
            await receiver.withLock { $0 }?.value  // the receive loop ends once the task has closed
        }
    }

    /// Receives the open and close callbacks of one `URLSessionWebSocketTask`.
    ///
    /// `@unchecked Sendable` is safe: the only mutable state is inside a `Locked`.
    final class URLSessionWebSocketEventDelegate: NSObject, URLSessionWebSocketDelegate, @unchecked Sendable {
        private struct State {
            var openWaiter: CheckedContinuation<Void, any Error>?
            var closeInfo: WebSocketCloseInfo?
        }

        private let state = Locked(State())

        var closeInfo: WebSocketCloseInfo? { state.withLock { $0.closeInfo } }

        func waitForOpen(start: () -> Void, onCancel: @escaping @Sendable () -> Void) async throws {
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                    state.withLock { $0.openWaiter = continuation }
                    start()
                }
            } onCancel: {
                onCancel()
            }
        }

        private func resumeOpen(with result: Result<Void, any Error>) {
            let waiter = state.withLock { state in
                defer { state.openWaiter = nil }
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
            let info = WebSocketCloseInfo(
                code: WebSocketCloseCode(UInt16(clamping: closeCode.rawValue)),
                reason: reason.map { String(decoding: $0, as: UTF8.self) } ?? "",
                wasClean: true)
            state.withLock { $0.closeInfo = info }
        }

        func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
            guard let error else { return }
            if let response = task.response as? HTTPURLResponse, response.statusCode != 101 {
                let headers = Dictionary(
                    response.allHeaderFields.map { ("\($0.key)".lowercased(), "\($0.value)") }, uniquingKeysWith: { $1 }
                )
                return resumeOpen(
                    with: .failure(WebSocketError.handshakeFailed(status: response.statusCode, headers: headers)))
            }
            let urlError = error as? URLError
            switch urlError?.code {
            case .timedOut?: resumeOpen(with: .failure(WebSocketError.connectTimeout(.zero)))
            case .cannotFindHost?, .dnsLookupFailed?:
                resumeOpen(
                    with: .failure(
                        WebSocketError.hostResolutionFailed(
                            host: task.originalRequest?.url?.host ?? "", reason: error.localizedDescription)))
            case .serverCertificateUntrusted?, .serverCertificateHasUnknownRoot?, .serverCertificateHasBadDate?,
                .serverCertificateNotYetValid?:
                resumeOpen(
                    with: .failure(WebSocketError.tlsCertificateVerificationFailed(reason: error.localizedDescription)))
            case .secureConnectionFailed?:
                resumeOpen(with: .failure(WebSocketError.tlsFailed(reason: error.localizedDescription)))
            default:
                resumeOpen(
                    with: .failure(
                        WebSocketError.connectionFailed(
                            host: task.originalRequest?.url?.host ?? "", port: task.originalRequest?.url?.port ?? 0,
                            reason: error.localizedDescription)))
            }
        }
    }
#endif
