/// The outcome of ``AccountActivityService/subscribe(addresses:)`` or
/// ``AccountActivityService/unsubscribe(addresses:)``, per address.
///
/// ```swift
/// let result = try await activity.subscribe(addresses: addresses)
/// for failure in result.failures {
///     print("not watching \(failure.address): \(failure.error)")
/// }
/// ```
public struct AccountActivityBatchResult: Sendable, Hashable {
    /// An address the operation did not complete for.
    public struct Failure: Sendable, Hashable {
        /// The address as given.
        public var address: String
        /// Its CAIP-10 account id; `nil` when the address is invalid.
        public var accountId: String?
        /// Why: the server's rejection (`Request failed: <channel>`), the connection error, or the
        /// invalid-address message.
        public var error: String

        /// Creates a failure.
        public init(address: String, accountId: String?, error: String) {
            self.address = address
            self.accountId = accountId
            self.error = error
        }
    }

    /// The CAIP-10 account ids the operation completed for (subscribed — or already subscribed — or
    /// removed), in input order without duplicates.
    public var succeeded: [String]
    /// The addresses it did not complete for, in input order.
    public var failures: [Failure]

    /// Creates a result.
    public init(succeeded: [String] = [], failures: [Failure] = []) {
        self.succeeded = succeeded
        self.failures = failures
    }

    /// Whether every address succeeded.
    public var isComplete: Bool { failures.isEmpty }
}
