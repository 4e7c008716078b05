import CoreBackendRuntime

/// The channel table of `OHLCVService` as a pure state machine: each ``Event`` mutates the machine and
/// returns the ``Action``s the driver must perform, in order. Timers are durations the driver arms;
/// time (the disconnect timestamp) comes in with the event, so every path is tested without sockets,
/// tasks or clocks.
///
/// A channel's ``Phase``:
///
/// | Phase | Consumers | Timer | Meaning |
/// |---|---|---|---|
/// | `active(n)` | n > 0 | none | the server subscription is in use |
/// | `grace` | 0 | grace period | kept for a quick re-subscribe |
/// | `cleanup(failures)` | 0 | next attempt (none while one runs) | being unsubscribed, with retries |
/// | `held` | 0 | none | the running operation revives or flushes it |
///
/// **Operations.** `subscribeRequested`, `unsubscribeRequested`, `timerFired` and `connected` each start
/// one operation; the driver runs operations one at a time (a FIFO queue). An operation may return one
/// server call as its last action (`checkServerSubscription`, `unsubscribeOnServer`, `createOnServer`,
/// `resubscribeOnServer`, `checkConnection`); the driver performs it and feeds its result event back
/// (`serverSubscriptionChecked`, `unsubscribed`, `created`, `resubscribed`, `connectionChecked`), and the
/// operation ends when a step returns no server call. `destroyRequested`, `disconnected`,
/// `systemNotification`, `barReceived` and `barRejected` may arrive at any time and never call the server.
///
/// **Bars.** A channel's subscription callback lives as long as its server subscription, which outlives
/// the last consumer (grace, cleanup, and a cleanup that gave up until the forced reconnection drops it),
/// so a bar is published for any channel, known or forgotten, until the service is destroyed (upstream
/// behaviour); after `destroy()` nothing is published.
struct OHLCVChannelMachine: Sendable {
    /// The fixed numbers the machine needs.
    struct Configuration: Sendable, Hashable {
        /// How long an unused server subscription is kept.
        var gracePeriod: Duration
        /// Delays between unsubscribe attempts; after `1 + retryDelays.count` failed attempts the
        /// channel is forgotten and the socket reset.
        var retryDelays: [Duration]
    }

    /// A timer the machine armed; a fired timer that is not its channel's current one is ignored.
    struct TimerID: Hashable, Sendable {
        var channel: String
        var serial: UInt64
    }

    enum Phase: Hashable, Sendable {
        case active(consumers: Int)
        case grace
        case cleanup(failures: Int)
        case held
    }

    struct Channel: Hashable, Sendable {
        var options: OHLCVSubscriptionOptions
        var phase: Phase
        var timer: TimerID?

        var isUnused: Bool {
            if case .active = phase { false } else { true }
        }
    }

    /// The operation in progress, waiting for the result of its server call.
    enum Operation: Hashable, Sendable {
        /// `subscribe` of a channel that has no consumer.
        case subscribing(OHLCVSubscriptionOptions, SubscribeStage)
        /// A cleanup attempt of the channel.
        case retrying(channel: String)
        /// Cleanup exhausted: asking whether the socket is up before forcing a reconnection.
        case checkingConnection
        /// After a reconnect: the channels still to look at.
        case resubscribing(remaining: [String])
    }

    enum SubscribeStage: Hashable, Sendable {
        /// The channel was unused: does its server subscription still exist?
        case reviving
        /// Unsubscribing the other unused channels; `reuse`: the channel's server subscription survived.
        case flushing(remaining: [String], releasing: String?, reuse: Bool)
        /// Connecting and subscribing on the server.
        case creating
    }

    enum Event: Sendable, Hashable {
        /// `subscribe(options)`.
        case subscribeRequested(OHLCVSubscriptionOptions)
        /// `unsubscribe(options)`.
        case unsubscribeRequested(channel: String)
        /// A timer armed by `startTimer` fired.
        case timerFired(TimerID)
        /// The socket (re)connected.
        case connected
        /// The socket disconnected at `now` (milliseconds since 1970).
        case disconnected(now: Double)
        /// A market-data system notification with the message's timestamp.
        case systemNotification(SystemNotification, timestamp: Double?)
        /// A decoded bar arrived on a channel's subscription callback.
        case barReceived(channel: String, OHLCVBar)
        /// A bar arrived that does not decode; `message` says why.
        case barRejected(channel: String, message: String)
        /// `destroy()`.
        case destroyRequested
        /// Result of `checkServerSubscription` (a failed check counts as absent).
        case serverSubscriptionChecked(channel: String, exists: Bool)
        /// Result of `unsubscribeOnServer`; `failure` is the error message.
        case unsubscribed(channel: String, failure: String?)
        /// Result of `createOnServer`.
        case created(channel: String, failure: String?)
        /// Result of `resubscribeOnServer`.
        case resubscribed(channel: String, failure: String?)
        /// Result of `checkConnection`; `nil` when the query failed.
        case connectionChecked(WebSocketConnectionState?)
    }

    enum Action: Sendable, Hashable {
        /// Arm a timer; it fires `timerFired(id)` as a new operation (at once for a zero delay).
        case startTimer(TimerID, Duration)
        case cancelTimer(TimerID)
        /// Server call: does the WebSocket service hold a subscription of the channel?
        case checkServerSubscription(String)
        /// Server call: remove every server subscription of the channel.
        case unsubscribeOnServer(String)
        /// Server call: connect, then subscribe unless a subscription of the channel exists.
        case createOnServer(String)
        /// Server call: subscribe unless a subscription of the channel exists.
        case resubscribeOnServer(String)
        /// Server call: the WebSocket connection state.
        case checkConnection
        /// Reset the shared socket (errors ignored).
        case forceReconnection
        case publishError(channel: String, message: String, operation: SubscriptionOperation)
        case publishChainStatus(ChainStatusChange)
        /// Publish `barUpdated`.
        case publishBar(channel: String, OHLCVBar)
        /// Stop following the connection, unregister the actions and the system channel callback.
        case tearDown
    }

    let configuration: Configuration
    var channels: [String: Channel] = [:]
    /// Channel names in creation order (reconnect resubscribes and flushes in this order).
    var order: [String] = []
    var operation: Operation?
    /// Chains reported up by system notifications, reported down on disconnect.
    var upChains: [String] = []
    var isDestroyed = false
    var nextSerial: UInt64 = 0

    init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// The channel's consumers (0 unless active).
    func consumerCount(of channel: String) -> Int {
        if case .active(let consumers)? = channels[channel]?.phase { consumers } else { 0 }
    }

    mutating func makeTimer(_ channel: String) -> TimerID {
        nextSerial += 1
        return TimerID(channel: channel, serial: nextSerial)
    }

    /// Unused channels other than `channel`, in creation order.
    func unusedChannels(except channel: String) -> [String] {
        order.filter { $0 != channel && channels[$0]?.isUnused == true }
    }

    /// Stops the channel's timer and marks it held by the running operation.
    mutating func hold(_ channel: String) -> [Action] {
        guard var entry = channels[channel] else { return [] }
        let actions = entry.timer.map { [Action.cancelTimer($0)] } ?? []
        entry.timer = nil
        entry.phase = .held
        channels[channel] = entry
        return actions
    }

    /// Forgets the channel, stopping its timer.
    mutating func remove(_ channel: String) -> [Action] {
        guard let entry = channels.removeValue(forKey: channel) else { return [] }
        order.removeAll { $0 == channel }
        return entry.timer.map { [.cancelTimer($0)] } ?? []
    }

    /// Starts (or restarts) the cleanup of an unused channel with an immediate first attempt.
    mutating func beginCleanup(_ channel: String) -> [Action] {
        guard var entry = channels[channel] else { return [] }
        var actions = entry.timer.map { [Action.cancelTimer($0)] } ?? []
        let timer = makeTimer(channel)
        entry.phase = .cleanup(failures: 0)
        entry.timer = timer
        channels[channel] = entry
        actions.append(.startTimer(timer, .zero))
        return actions
    }
}
