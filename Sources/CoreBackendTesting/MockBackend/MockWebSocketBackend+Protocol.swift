import CoreBackendRuntime
import Foundation

/// The server side of ``MockWebSocketBackend``: each connection's requests and their answers.
extension MockWebSocketBackend {
    /// Serves one client connection until it closes: records its token, answers its requests.
    func serve(_ connection: WebSocketTestServerConnection) {
        let id = state.withLock { state -> UInt64 in
            state.nextConnection += 1
            state.connections[state.nextConnection] = ConnectionEntry(connection: connection)
            state.tokens.append(connection.request.query["token"])
            return state.nextConnection
        }
        Task { [weak self] in
            for await event in connection.events {
                guard case .text(let text) = event, let self else { continue }
                self.handle(text, from: connection, id: id)
            }
            self?.forget(id)
        }
    }

    private func forget(_ id: UInt64) {
        state.withLock { state in
            guard let entry = state.connections.removeValue(forKey: id) else { return }
            for subscriptionId in entry.subscriptionIds { state.removeSubscription(subscriptionId) }
        }
    }

    private func handle(_ text: String, from connection: WebSocketTestServerConnection, id: UInt64) {
        guard let message = JSONValue(decoding: text) else { return }  // bounded: clients of `mock` are peers too
        state.withLock { state in
            if state.configuration.recordsReceivedMessages { state.received.append(message) }
        }
        let data = message["data"] ?? [:]
        let requestId = data["requestId"] ?? .null
        switch message["event"]?.stringValue {
        case "subscribe":
            subscribe(data, requestId: requestId, connection: connection, id: id)
        case "unsubscribe":
            let subscriptionId = data["subscription"]?.stringValue ?? ""
            state.withLock { state in
                state.removeSubscription(subscriptionId)
                state.connections[id]?.subscriptionIds.remove(subscriptionId)
            }
            try? connection.send(
                text: Self.text([
                    "event": "unsubscribed", "timestamp": .number(Self.nowMilliseconds),
                    "data": ["requestId": requestId, "succeeded": data["channels"] ?? [], "failed": []],
                ]))
        default:
            if requestId != .null {
                try? connection.send(
                    text: Self.text(["event": "response", "data": ["requestId": requestId, "result": "ok"]]))
            }
        }
    }

    /// Answers a `subscribe`: `subscribed` (with the configured failing channels failed), then for an
    /// account-activity subscription the `up` greeting, and registers the subscription if nothing failed.
    private func subscribe(
        _ data: JSONValue, requestId: JSONValue, connection: WebSocketTestServerConnection, id: UInt64
    ) {
        let channels = (data["channels"]?.arrayValue ?? []).compactMap(\.stringValue)
        let (subscriptionId, failed, upChains) = state.withLock { state -> (String, [String], [String]) in
            state.nextSubscription += 1
            let subscriptionId = "sub-\(state.nextSubscription)"
            let failed = channels.filter { state.configuration.failingChannels.contains($0) }
            return (subscriptionId, failed, state.configuration.upChainIds)
        }
        var replies = [
            Self.text([
                "event": "subscribed", "timestamp": .number(Self.nowMilliseconds),
                "data": [
                    "requestId": requestId, "subscriptionId": .string(subscriptionId),
                    "succeeded": .array(channels.filter { !failed.contains($0) }.map(JSONValue.string)),
                    "failed": .array(failed.map(JSONValue.string)),
                ],
            ])
        ]
        guard failed.isEmpty else {
            for reply in replies { try? connection.send(text: reply) }
            return
        }
        if let namespace = channels.first.flatMap(Self.activityNamespace) {
            replies.append(
                Self.text([
                    "event": "system-notification", "channel": .string("system-notifications.v1." + namespace),
                    "timestamp": .number(Self.nowMilliseconds),
                    "data": [
                        "chainIds": .array(upChains.map(JSONValue.string)), "status": "up",
                        "timestamp": .number(Self.nowMilliseconds),
                    ],
                ]))
        }
        // Registered only as the replies go on the wire, under the lock: a notification pushed after
        // `waitForSubscription` returns can never overtake the `subscribed` reply.
        let registration = Subscription(subscriptionId: subscriptionId, channels: channels)
        let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            for reply in replies { try? connection.send(text: reply) }
            guard state.connections[id] != nil else { return [] }  // dropped meanwhile (stop/restart)
            state.subscriptions[subscriptionId] = (registration, id)
            for channel in channels { state.byChannel[channel, default: []].insert(subscriptionId) }
            state.connections[id]?.subscriptionIds.insert(subscriptionId)
            guard !state.waiters.isEmpty else { return [] }
            let subscribed = Set(channels)
            let matched = state.waiters.filter { subscribed.contains($0.channel) }
            state.waiters.removeAll { subscribed.contains($0.channel) }
            return matched.map(\.continuation)
        }
        for continuation in ready { continuation.resume() }
    }

    /// `account-activity.v1` for `account-activity.v1.eip155:0:0xabc`; nil for other channels.
    /// (The server greets once per subscribe request, whatever its number of channels.)
    private static func activityNamespace(_ channel: String) -> String? {
        guard channel.hasPrefix("account-activity.") else { return nil }
        let parts = channel.split(separator: ".")
        return parts.count >= 2 ? parts[0] + "." + parts[1] : nil
    }
}

extension MockWebSocketBackend.State {
    /// Forgets a subscription and its channel index entries.
    mutating func removeSubscription(_ subscriptionId: String) {
        guard let entry = subscriptions.removeValue(forKey: subscriptionId) else { return }
        for channel in entry.subscription.channels {
            byChannel[channel]?.remove(subscriptionId)
            if byChannel[channel]?.isEmpty == true { byChannel[channel] = nil }
        }
    }
}
