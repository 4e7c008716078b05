/// What failed in a `subscriptionError` event of `AccountActivityService` or `OHLCVService`; the raw value
/// is upstream's `operation` string.
public enum SubscriptionOperation: String, Sendable, Hashable {
    /// Connecting or creating the server subscription (also a failed resubscription after a reconnect).
    case subscribe
    /// Removing a server subscription (one attempt).
    case unsubscribe
    /// A notification arrived whose payload could not be decoded (it is dropped).
    case notification
}
