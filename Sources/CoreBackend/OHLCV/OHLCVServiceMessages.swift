import CoreBackendRuntime

/// The messenger surface of ``OHLCVService`` (upstream names).
public enum OHLCVServiceMessages {
    /// The service name and namespace.
    public static let namespace = "OHLCVService"

    /// `OHLCVService:subscribe`: adds a consumer of a candle channel; never fails (see ``SubscriptionError``).
    public enum Subscribe: MessengerAction {
        /// Asset, interval and currency.
        public typealias Arguments = OHLCVSubscriptionOptions
        /// `OHLCVService:subscribe`.
        public static let name = "OHLCVService:subscribe"
    }

    /// `OHLCVService:unsubscribe`: removes a consumer; the server subscription ends after a grace period.
    public enum Unsubscribe: MessengerAction {
        /// Asset, interval and currency.
        public typealias Arguments = OHLCVSubscriptionOptions
        /// `OHLCVService:unsubscribe`.
        public static let name = "OHLCVService:unsubscribe"
    }

    /// `OHLCVService:barUpdated`: a candle update.
    public enum BarUpdated: MessengerEvent {
        /// `{ channel, bar }`.
        public struct Payload: Sendable, Hashable {
            /// The subscribed channel, `market-data.v1.<assetId>.<interval>.<currency>`.
            public var channel: String
            /// The candle.
            public var bar: OHLCVBar

            /// Creates a payload.
            public init(channel: String, bar: OHLCVBar) {
                self.channel = channel
                self.bar = bar
            }
        }

        /// `OHLCVService:barUpdated`.
        public static let name = "OHLCVService:barUpdated"
    }

    /// `OHLCVService:chainStatusChanged`: published immediately for each market-data system
    /// notification (with the message's timestamp) and, for every chain still up, on disconnect.
    public enum ChainStatusChanged: MessengerEvent {
        /// `{ chainIds, status, timestamp? }`.
        public typealias Payload = ChainStatusChange
        /// `OHLCVService:chainStatusChanged`.
        public static let name = "OHLCVService:chainStatusChanged"
    }

    /// `OHLCVService:subscriptionError`: a subscribe, unsubscribe or bar notification failed.
    public enum SubscriptionError: MessengerEvent {
        /// `{ channel, error, operation }`.
        public struct Payload: Sendable, Hashable {
            /// The channel concerned.
            public var channel: String
            /// The error message.
            public var error: String
            /// What failed.
            public var operation: Operation

            /// Creates a payload.
            public init(channel: String, error: String, operation: Operation) {
                self.channel = channel
                self.error = error
                self.operation = operation
            }
        }

        /// What failed (shared with the other subscribing service).
        public typealias Operation = SubscriptionOperation

        /// `OHLCVService:subscriptionError`.
        public static let name = "OHLCVService:subscriptionError"
    }

    /// The foreign actions the service's messenger needs (upstream `OHLCV_SERVICE_ALLOWED_ACTIONS`).
    public static var allowedActions: [any MessengerAction.Type] {
        BackendWebSocketServiceMessages.subscriberActions
    }

    /// The foreign events the service's messenger needs (upstream `OHLCV_SERVICE_ALLOWED_EVENTS`).
    public static var allowedEvents: [any MessengerEvent.Type] {
        [BackendWebSocketServiceMessages.ConnectionStateChanged.self]
    }
}
