import CoreBackendRuntime

/// The messenger surface of ``AccountActivityService`` (upstream names): the events it publishes and
/// the foreign actions and events its messenger must be granted.
public enum AccountActivityServiceMessages {
    /// The service name and namespace.
    public static let namespace = "AccountActivityService"

    /// `AccountActivityService:transactionUpdated`: the transaction of every account-activity notification.
    public enum TransactionUpdated: MessengerEvent {
        /// The notification's `tx`, unchanged.
        public typealias Payload = AccountActivityMessage.Transaction
        /// `AccountActivityService:transactionUpdated`.
        public static let name = "AccountActivityService:transactionUpdated"
    }

    /// `AccountActivityService:balanceUpdated`: published right after ``TransactionUpdated``.
    public enum BalanceUpdated: MessengerEvent {
        /// `{ address, chain, updates }`.
        public struct Payload: Sendable, Hashable {
            /// The notification's `address`.
            public var address: String
            /// The transaction's CAIP-2 chain id (`tx.chain`).
            public var chain: String
            /// The notification's `updates` (may be empty).
            public var updates: [AccountActivityMessage.BalanceUpdate]

            /// Creates a payload.
            public init(address: String, chain: String, updates: [AccountActivityMessage.BalanceUpdate]) {
                self.address = address
                self.chain = chain
                self.updates = updates
            }
        }

        /// `AccountActivityService:balanceUpdated`.
        public static let name = "AccountActivityService:balanceUpdated"
    }

    /// `AccountActivityService:statusChanged`: chains went up or down.
    ///
    /// System notifications are debounced (1–2 s) and published `up` group first, then `down`, without
    /// a timestamp; a disconnect immediately reports every known chain `down` with the current time.
    public enum StatusChanged: MessengerEvent {
        /// `{ chainIds, status, timestamp? }`.
        public typealias Payload = ChainStatusChange
        /// `AccountActivityService:statusChanged`.
        public static let name = "AccountActivityService:statusChanged"
    }

    /// `AccountActivityService:subscriptionError`: a subscribe, unsubscribe or notification failed.
    ///
    /// Upstream declares but never publishes it; this port does.
    public enum SubscriptionError: MessengerEvent {
        /// `{ addresses, error, operation }`.
        public struct Payload: Sendable, Hashable {
            /// The CAIP-10 account ids concerned, e.g. `eip155:0:0xabc…` (as in the channel names).
            public var addresses: [String]
            /// The error message.
            public var error: String
            /// What failed.
            public var operation: Operation

            /// Creates a payload.
            public init(addresses: [String], error: String, operation: Operation) {
                self.addresses = addresses
                self.error = error
                self.operation = operation
            }
        }

        /// What failed (shared with the other subscribing service).
        public typealias Operation = SubscriptionOperation

        /// `AccountActivityService:subscriptionError`.
        public static let name = "AccountActivityService:subscriptionError"
    }

    /// The foreign actions the service's messenger needs (upstream `ACCOUNT_ACTIVITY_SERVICE_ALLOWED_ACTIONS`).
    public static var allowedActions: [any MessengerAction.Type] {
        [AccountTreeController.GetAccountsFromSelectedAccountGroup.self]
            + BackendWebSocketServiceMessages.subscriberActions
            + [RemoteFeatureFlagController.GetState.self]
    }

    /// The foreign events the service's messenger needs (upstream `ACCOUNT_ACTIVITY_SERVICE_ALLOWED_EVENTS`).
    public static var allowedEvents: [any MessengerEvent.Type] {
        [
            AccountTreeController.SelectedAccountGroupChange.self,
            BackendWebSocketServiceMessages.ConnectionStateChanged.self,
            RemoteFeatureFlagController.StateChange.self,
        ]
    }
}
