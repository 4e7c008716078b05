import CoreBackendRuntime
import Foundation

extension BackendWebSocketService {
    // MARK: - Sending

    /// Sends one message without waiting for a reply (upstream `sendMessage`).
    ///
    /// - Throws: ``BackendWebSocketServiceError/cannotSendMessage(state:)`` unless connected, or
    ///   ``BackendWebSocketServiceError/sendFailed(message:)`` with the transport's message.
    public func sendMessage(_ message: ClientRequestMessage) async throws {
        let text = Self.encode(event: message.event, data: message.data)
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            submit { state, _ in
                guard let attempt = state.machine.openAttempt, let handle = state.connections[attempt] else {
                    continuation.resume(
                        throwing: BackendWebSocketServiceError.cannotSendMessage(state: state.machine.state))
                    return []
                }
                return [
                    .send(
                        handle, text,
                        { error in
                            if let error {
                                continuation.resume(
                                    throwing: BackendWebSocketServiceError.sendFailed(message: errorMessage(error)))
                            } else {
                                continuation.resume()
                            }
                        })
                ]
            }
        }
    }

    /// Sends a request and returns the `data` of the response carrying the same `requestId`
    /// (upstream `sendRequest`). The id is `message.data["requestId"]` or a fresh UUID v4.
    ///
    /// - Throws: ``BackendWebSocketServiceError/cannotSendRequest(state:)`` unless connected,
    ///   ``BackendWebSocketServiceError/duplicateRequestId(_:)`` if that id is already pending,
    ///   ``BackendWebSocketServiceError/requestFailed(failed:)`` for a non-empty `failed` list,
    ///   ``BackendWebSocketServiceError/requestTimeout(_:)`` after `requestTimeout` (the socket is then
    ///   closed with 3000 and reconnects), ``BackendWebSocketServiceError/connectionClosed(code:reason:)``
    ///   if the socket closes first, ``BackendWebSocketServiceError/sendFailed(message:)``, or
    ///   `CancellationError` as soon as the calling task is cancelled (a late response is then ignored).
    public func sendRequest(_ message: ClientRequestMessage) async throws -> JSONValue {
        try await request(message, kind: .plain) { state in BackendWebSocketServiceError.cannotSendRequest(state: state)
        }
    }

    /// Subscribes to channels on the server and stores the subscription under the server's
    /// `subscriptionId`; notifications for it go to the request's callback until it is unsubscribed or
    /// the connection closes.
    ///
    /// - Throws: ``BackendWebSocketServiceError/cannotCreateSubscriptions(channels:state:)`` unless
    ///   connected, ``BackendWebSocketServiceError/invalidSubscriptionResponse`` without an id, or any
    ///   ``sendRequest(_:)`` error. Nothing is stored on failure; a partially failed subscribe is
    ///   unsubscribed on the server, and so is one that succeeds after its caller was cancelled.
    public func subscribe(_ request: WebSocketSubscriptionRequest) async throws -> WebSocketSubscription {
        var data: [String: JSONValue] = ["channels": .array(request.channels.map(JSONValue.string))]
        if let requestId = request.requestId { data["requestId"] = .string(requestId) }
        // A plain callback is used as a throwing one as is (no wrapping closure per subscription).
        let callback: ThrowingServerNotificationHandler? = request.throwingCallback ?? request.callback
        let response = try await self.request(
            ClientRequestMessage(event: "subscribe", data: data),
            kind: .subscribe(channels: request.channels, channelType: request.channelType, callback: callback)
        ) { state in BackendWebSocketServiceError.cannotCreateSubscriptions(channels: request.channels, state: state) }
        let subscriptionId = response["subscriptionId"]?.stringValue ?? ""
        return handle(
            for: .init(
                subscriptionId: subscriptionId, channels: request.channels, channelType: request.channelType,
                callback: nil))
    }

    /// The public handle of a stored subscription; `unsubscribe` forgets it once the server confirms.
    func handle(for subscription: BackendWebSocketServiceState.StoredSubscription) -> WebSocketSubscription {
        let subscriptionId = subscription.subscriptionId
        let channels = subscription.channels
        return WebSocketSubscription(
            subscriptionId: subscriptionId, channels: channels, channelType: subscription.channelType
        ) { [weak self] requestId in
            guard let self else { throw BackendWebSocketServiceError.cannotSendRequest(state: .disconnected) }
            var data: [String: JSONValue] = [
                "subscription": .string(subscriptionId), "channels": .array(channels.map(JSONValue.string)),
            ]
            if let requestId { data["requestId"] = .string(requestId) }
            _ = try await self.request(
                ClientRequestMessage(event: "unsubscribe", data: data),
                kind: .unsubscribe(subscriptionId: subscriptionId)
            ) { state in BackendWebSocketServiceError.cannotSendRequest(state: state) }
        }
    }

    private func request(
        _ message: ClientRequestMessage,
        kind: BackendWebSocketServiceState.RequestKind,
        notConnected: @escaping @Sendable (WebSocketConnectionState) -> BackendWebSocketServiceError
    ) async throws -> JSONValue {
        let requestId: String
        if case .string(let given)? = message.data["requestId"] {
            requestId = given
        } else {
            requestId = options.requestIDs.next()
        }
        var data = message.data
        data["requestId"] = .string(requestId)
        let text = Self.encode(event: message.event, data: data)
        let timeout = options.requestTimeout
        let serial = state.withLock { $0.makeSerial() }
        return try await withTaskCancellationHandler {
            try await send(
                text, requestId: requestId, serial: serial, kind: kind, timeout: timeout, notConnected: notConnected)
        } onCancel: {
            submit { state, _ in state.cancelRequest(requestId, serial: serial) }
        }
    }

    /// Registers the request under `requestId`/`serial` and sends it; resumes with its response or error.
    private func send(
        _ text: String, requestId: String, serial: UInt64, kind: BackendWebSocketServiceState.RequestKind,
        timeout: Duration, notConnected: @escaping @Sendable (WebSocketConnectionState) -> BackendWebSocketServiceError
    ) async throws -> JSONValue {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<JSONValue, any Error>) in
            submit { state, _ in
                // Cancelled before it was registered (the cancellation handler found nothing to cancel).
                guard !Task.isCancelled else { return [.resumeRequest(continuation, .failure(CancellationError()))] }
                guard state.machine.state == .connected, let attempt = state.machine.openAttempt,
                    let handle = state.connections[attempt]
                else {
                    return [.resumeRequest(continuation, .failure(notConnected(state.machine.state)))]
                }
                guard state.pendingRequests[requestId] == nil else {
                    return [
                        .resumeRequest(
                            continuation, .failure(BackendWebSocketServiceError.duplicateRequestId(requestId)))
                    ]
                }
                state.pendingRequests[requestId] = .init(continuation: continuation, serial: serial, kind: kind)
                return [
                    .startTimer(.request(id: requestId, serial: serial), timeout),
                    .send(
                        handle, text,
                        { [weak self] error in
                            guard let error, let self else { return }
                            self.submit { state, _ in
                                guard let pending = state.pendingRequests[requestId], pending.serial == serial else {
                                    return []
                                }
                                state.pendingRequests[requestId] = nil
                                return [
                                    .cancelTimer(.request(id: requestId, serial: serial)),
                                    .resumeRequest(
                                        pending.continuation,
                                        .failure(BackendWebSocketServiceError.sendFailed(message: errorMessage(error)))),
                                ]
                            }
                        }),
                ]
            }
        }
    }

    static func encode(event: String, data: [String: JSONValue]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let object = JSONValue.object(["event": .string(event), "data": .object(data)])
        return (try? String(decoding: encoder.encode(object), as: UTF8.self)) ?? "{}"
    }

    // MARK: - Receiving

    /// Routes one inbound frame (§3.3): responses settle requests; notifications go to the subscription
    /// (by id, else by matching channel) or else to one channel callback; anything else is dropped.
    func receive(_ message: BackendWebSocketInboundMessage, from attempt: AttemptID) {
        let tracing = options.trace != nil
        // The clock is read only when something uses it (a trace's latency, a wrapped frame's receive time).
        let now = tracing || message.stampsReceiveTime ? currentTime() : 0
        let first = state.withLock { state -> Effect? in
            guard state.machine.openAttempt == attempt else { return nil }
            if let requestId = message.responseRequestId, !message.isAccountChannel {
                guard case .string(let id) = requestId, let data = message.payload?.value else { return nil }
                return state.enqueue(state.resolveRequest(id, response: data))
            }
            if message.hasSubscriptionIdKey,
                let effect = Self.subscriptionDelivery(message, in: state, now: now, tracing: tracing)
            {
                return state.enqueue(effect)
            }
            if let channel = message.channel,
                let callback = Self.channelCallback(for: channel, message.isAccountChannel, in: state)
            {
                let plain = callback.callback
                let invoke: ThrowingServerNotificationHandler =
                    callback.throwingCallback ?? { @Sendable message in plain(message) }
                return state.enqueue(.deliver(invoke, message.notification(receivedAt: now), trace: nil))
            }
            return nil
        }
        if let first { run(first) }
    }

    private static func subscriptionDelivery(
        _ message: BackendWebSocketInboundMessage, in state: BackendWebSocketServiceState, now: Double, tracing: Bool
    ) -> Effect? {
        guard let subscriptionId = message.subscriptionId else { return nil }
        guard let match = state.subscriptions.route(subscriptionId: subscriptionId, channel: message.channel),
            let callback = match.callback
        else { return nil }
        let notification = message.notification(receivedAt: now)
        guard tracing else { return .deliver(callback, notification, trace: nil) }
        let latency: JSONValue = notification.timestamp.map { .number(now - $0) } ?? .null
        let trace = BackendWebSocketTraceRequest(
            name: "BackendWebSocketService Notification",
            data: [
                "channel": .string(notification.channel), "latency_ms": latency,
                "subscriptionId": .string(subscriptionId),
            ],
            tags: ["service": "BackendWebSocketService", "notification_type": match.channelType])
        return .deliver(callback, notification, trace: trace)
    }

    private static func channelCallback(
        for channel: String, _ isAccountChannel: @autoclosure () -> Bool, in state: BackendWebSocketServiceState
    ) -> ChannelCallback? {
        state.channelCallbacks.callback(for: channel, isAccountChannel: isAccountChannel)
    }
}
