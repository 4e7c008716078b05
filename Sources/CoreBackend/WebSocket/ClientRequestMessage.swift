import CoreBackendRuntime

/// A message the client sends: `{event, data}`; `data.requestId` correlates a response.
public struct ClientRequestMessage: Sendable, Hashable {
    /// The event name, e.g. `subscribe`.
    public var event: String
    /// The data object; `requestId` is added by `sendRequest` when absent.
    public var data: [String: JSONValue]

    /// Creates a message.
    public init(event: String, data: [String: JSONValue] = [:]) {
        self.event = event
        self.data = data
    }
}
