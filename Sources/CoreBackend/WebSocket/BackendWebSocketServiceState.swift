/// Everything `BackendWebSocketService` mutates, behind its one lock: the connection machine, the
/// request and subscription tables, the channel callbacks, and the queue of effects waiting to run.
///
/// Methods decide (inside the lock) and return ``Effect``s; the service runs them in order outside it.
struct BackendWebSocketServiceState: Sendable {
    typealias Machine = BackendWebSocketConnectionMachine

    /// A subscription the server confirmed.
    struct StoredSubscription: Sendable {
        var subscriptionId: String
        var channels: [String]
        var channelType: String
        var callback: ThrowingServerNotificationHandler?
    }

    /// What to record when a request's response arrives (inside the lock, before the caller resumes,
    /// so a notification right behind the response already finds its subscription).
    enum RequestKind: Sendable {
        case plain
        case subscribe(channels: [String], channelType: String, callback: ThrowingServerNotificationHandler?)
        case unsubscribe(subscriptionId: String)
    }

    struct PendingRequest: Sendable {
        var continuation: CheckedContinuation<JSONValue, any Error>
        var serial: UInt64
        var kind: RequestKind
    }

    enum TimerKey: Hashable, Sendable {
        case machine(Machine.TimerID)
        case request(id: String, serial: UInt64)
    }

    enum Effect: Sendable {
        case machine(Machine.Action)
        case resumeConnect([CheckedContinuation<Void, any Error>], failure: (any Error)?)
        case resumeRequest(CheckedContinuation<JSONValue, any Error>, Result<JSONValue, any Error>)
        case startTimer(TimerKey, Duration)
        case cancelTimer(TimerKey)
        case send(BackendWebSocketConnectionHandle, String, @Sendable ((any Error)?) -> Void)
        case deliver(ThrowingServerNotificationHandler, ServerNotificationMessage, trace: BackendWebSocketTraceRequest?)
        /// Unsubscribe a subscription the server created for the channels that did succeed in a
        /// partially failed subscribe (upstream left it unrecorded on the server).
        case unsubscribeOrphan(subscriptionId: String, channels: [String])
    }

    var machine: Machine
    var subscriptions = BackendWebSocketSubscriptionTable()
    var channelCallbacks = ChannelCallbackTable()
    var pendingRequests: [String: PendingRequest] = [:]
    /// Subscribe requests whose callers were cancelled before the response: their channels by request id,
    /// so a late success is unsubscribed on the server instead of leaving an orphan there. Forgotten when
    /// the connection closes (the server drops its subscriptions then).
    var abandonedSubscribes: [String: [String]] = [:]
    var connectWaiters: [Machine.WaiterID: CheckedContinuation<Void, any Error>] = [:]
    var connections: [Machine.AttemptID: BackendWebSocketConnectionHandle] = [:]
    var openTasks: [Machine.AttemptID: Task<Void, Never>] = [:]
    var timers: [TimerKey: Task<Void, Never>] = [:]
    var queue: [Effect] = []
    var isDraining = false
    var nextSerial: UInt64 = 0

    /// Queues effects; when no thread is running the queue, claims it and returns the first effect for
    /// the caller to run (the queue is empty whenever it is not being run).
    mutating func enqueue(_ effects: [Effect]) -> Effect? {
        guard !isDraining else {
            queue += effects
            return nil
        }
        guard let first = effects.first else { return nil }
        isDraining = true
        queue += effects.dropFirst()
        return first
    }

    /// ``enqueue(_:)-([Effect])`` for one effect, without building an array.
    mutating func enqueue(_ effect: Effect) -> Effect? {
        guard !isDraining else {
            queue.append(effect)
            return nil
        }
        isDraining = true
        return effect
    }

    init(machine: Machine) {
        self.machine = machine
    }

    mutating func makeSerial() -> UInt64 {
        nextSerial += 1
        return nextSerial
    }

    /// Runs the machine and turns its actions into effects, handling table-only actions in place.
    mutating func apply(_ event: Machine.Event, now: Double, random: () -> Double) -> [Effect] {
        machine.handle(event, now: now, random: random).flatMap { translate($0) }
    }

    private mutating func translate(_ action: Machine.Action) -> [Effect] {
        switch action {
        case .startTimer(let id, let delay):
            return [.startTimer(.machine(id), delay)]
        case .cancelTimer(let id):
            return [.cancelTimer(.machine(id))]
        case .completeConnect(let waiters, let failure):
            let continuations = waiters.compactMap { connectWaiters.removeValue(forKey: $0) }
            return continuations.isEmpty ? [] : [.resumeConnect(continuations, failure: failure?.error)]
        case .failPendingRequests(let code, let reason):
            let error = BackendWebSocketServiceError.connectionClosed(code: code, reason: reason)
            let pending = pendingRequests.sorted { $0.value.serial < $1.value.serial }
            pendingRequests.removeAll()
            abandonedSubscribes.removeAll()
            return pending.flatMap { id, request in
                [
                    .cancelTimer(.request(id: id, serial: request.serial)),
                    .resumeRequest(request.continuation, .failure(error)),
                ]
            }
        case .clearSubscriptions:
            subscriptions.removeAll()
            return []
        default:
            return [.machine(action)]
        }
    }

    /// The caller of request `id` (registration `serial`) was cancelled: it gets `CancellationError` now,
    /// and a late response is ignored (or, for a subscribe, unsubscribed).
    mutating func cancelRequest(_ id: String, serial: UInt64) -> [Effect] {
        guard let request = pendingRequests[id], request.serial == serial else { return [] }
        pendingRequests[id] = nil
        if case .subscribe(let channels, _, _) = request.kind { abandonedSubscribes[id] = channels }
        return [
            .cancelTimer(.request(id: id, serial: serial)),
            .resumeRequest(request.continuation, .failure(CancellationError())),
        ]
    }

    /// Settles a request from its response: `failed` non-empty → `Request failed: …`; records or forgets
    /// the subscription of a subscribe/unsubscribe request.
    mutating func resolveRequest(_ id: String, response data: JSONValue) -> [Effect] {
        guard let request = pendingRequests.removeValue(forKey: id) else {
            // A subscribe whose caller gave up: undo what the server did.
            guard let channels = abandonedSubscribes.removeValue(forKey: id) else { return [] }
            return Self.orphanUnsubscribe(of: channels, response: data).map { [$0] } ?? []
        }
        var effects: [Effect] = [.cancelTimer(.request(id: id, serial: request.serial))]
        if let failed = Self.failedChannels(data) {
            if case .subscribe(let channels, _, _) = request.kind,
                let orphan = Self.orphanUnsubscribe(of: channels, response: data)
            {
                effects.append(orphan)
            }
            effects.append(
                .resumeRequest(
                    request.continuation, .failure(BackendWebSocketServiceError.requestFailed(failed: failed))))
            return effects
        }
        switch request.kind {
        case .plain:
            break
        case .subscribe(let channels, let channelType, let callback):
            guard let subscriptionId = data["subscriptionId"]?.stringValue, !subscriptionId.isEmpty else {
                effects.append(
                    .resumeRequest(
                        request.continuation, .failure(BackendWebSocketServiceError.invalidSubscriptionResponse)))
                return effects
            }
            subscriptions.store(
                StoredSubscription(
                    subscriptionId: subscriptionId, channels: channels, channelType: channelType, callback: callback))
        case .unsubscribe(let subscriptionId):
            subscriptions.remove(subscriptionId)
        }
        effects.append(.resumeRequest(request.continuation, .success(data)))
        return effects
    }

    /// For a subscribe response that is not recorded (partially failed, or its caller gave up): the
    /// unsubscribe of the channels the server did subscribe, when it assigned a subscription id.
    static func orphanUnsubscribe(of channels: [String], response data: JSONValue) -> Effect? {
        guard let subscriptionId = data["subscriptionId"]?.stringValue, !subscriptionId.isEmpty else { return nil }
        let failed = failedChannels(data) ?? []
        return .unsubscribeOrphan(subscriptionId: subscriptionId, channels: channels.filter { !failed.contains($0) })
    }

    /// A non-empty `failed` list (or, unlike upstream, which then never settled, a non-empty string).
    static func failedChannels(_ data: JSONValue) -> [String]? {
        switch data["failed"] {
        case .array(let items) where !items.isEmpty:
            return items.map { item in item.stringValue ?? Self.text(item) }
        case .string(let text) where !text.isEmpty:
            return [text]
        default:
            return nil
        }
    }

    private static func text(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): String(flag)
        case .number(let number):
            number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .string(let string): string
        case .array(let items): items.map(text).joined(separator: ",")
        case .object: "[object Object]"
        }
    }
}
