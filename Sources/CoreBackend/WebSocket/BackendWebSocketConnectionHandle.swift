/// One open socket of `BackendWebSocketService` with an ordered outbound queue: frames are written by a
/// single task in the order they were queued, so a subscribe never overtakes an earlier unsubscribe.
final class BackendWebSocketConnectionHandle: Sendable {
    private struct Outbound: Sendable {
        let text: String
        let completion: @Sendable ((any Error)?) -> Void
    }

    let connection: any WebSocketConnection
    private let outbound: AsyncStream<Outbound>.Continuation

    init(connection: any WebSocketConnection) {
        self.connection = connection
        let (stream, continuation) = AsyncStream.makeStream(of: Outbound.self)
        outbound = continuation
        Task {
            for await item in stream {
                do {
                    try await connection.send(text: item.text)
                    item.completion(nil)
                } catch {
                    item.completion(error)
                }
            }
        }
    }

    /// Queues a text frame; `completion` receives the transport's error, if any.
    func send(_ text: String, completion: @escaping @Sendable ((any Error)?) -> Void) {
        if case .terminated = outbound.yield(Outbound(text: text, completion: completion)) {
            completion(WebSocketError.connectionClosed)
        }
    }

    /// Stops the writer once the queued frames are written (or have failed).
    func finish() {
        outbound.finish()
    }
}
