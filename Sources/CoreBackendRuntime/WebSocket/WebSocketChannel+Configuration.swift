extension WebSocketChannel {
    /// A client channel with a transport configuration's limits.
    convenience init(_ configuration: BuiltinWebSocketTransport.Configuration, stream: any ByteStream) {
        self.init(
            stream: stream, role: .client, maximumMessageSize: configuration.maximumMessageSize,
            closeTimeout: configuration.closeTimeout, writeTimeout: configuration.writeTimeout,
            keepalive: configuration.keepalive, maximumBufferedMessages: configuration.maximumBufferedMessages,
            maximumBufferedBytes: configuration.maximumBufferedBytes)
    }
}
