import CoreBackend
import CoreBackendRuntime
import Testing

@Suite("The WebSocket service's default transport")
struct PlatformTransportDefaultTests {
    @Test("the service opens sockets with the platform's transport unless told otherwise")
    func defaultIsPlatformTransport() {
        let options = BackendWebSocketServiceOptions(url: "wss://gateway.example/ws")
        #expect(options.transport is PlatformWebSocketTransport)
        #if os(Linux)
            #expect(options.transport is BuiltinWebSocketTransport)
        #else
            #expect(options.transport is URLSessionWebSocketTransport)
        #endif
    }
}
