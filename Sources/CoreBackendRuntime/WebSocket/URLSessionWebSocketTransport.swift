public import Foundation

#if canImport(FoundationNetworking)
    public import FoundationNetworking
#endif

/// A ``WebSocketTransport`` backed by `URLSessionWebSocketTask`: the default on Apple platforms
/// (see ``PlatformWebSocketTransport``), where it uses the system's networking, proxies and trust
/// evaluation for `wss://`.
///
/// Its connections keep the contract of ``BuiltinWebSocketTransport``'s (one `.closed` event, a
/// bounded backlog, write, keepalive and close deadlines) with the same limits, taken from
/// ``BuiltinWebSocketTransport/Configuration`` (`additionalTrustedCAFile` aside: URLSession
/// trusts what the system trusts). A message over `maximumMessageSize` ends the connection with 1006.
///
/// It compiles everywhere, but on Linux it cannot connect: the toolchain's `FoundationNetworking`
/// is built on a libcurl without WebSocket support, so ``connect(to:headers:timeout:)`` fails with
/// ``WebSocketError/connectionFailed(host:port:reason:)`` or times out there. Use
/// ``BuiltinWebSocketTransport`` on Linux.
///
/// ```swift
/// let transport = URLSessionWebSocketTransport()
/// let connection = try await transport.connect(to: url, headers: [:], timeout: .seconds(10))
/// for await event in connection.events { … }
/// ```
public final class URLSessionWebSocketTransport: WebSocketTransport, @unchecked Sendable {
    // @unchecked Sendable: both stored properties are immutable; the session configuration is a
    // private copy that is only read.
    private let sessionConfiguration: URLSessionConfiguration
    /// The limits of each connection.
    public let options: BuiltinWebSocketTransport.Configuration

    /// Creates a transport whose connections each get a `URLSession` made from `configuration`.
    public init(
        configuration: URLSessionConfiguration = .default,
        options: BuiltinWebSocketTransport.Configuration = .init()
    ) {
        sessionConfiguration = configuration.copy() as? URLSessionConfiguration ?? configuration
        self.options = options
    }

    /// Opens a connection; see ``WebSocketTransport/connect(to:headers:timeout:)``. The whole opening
    /// is bounded by `timeout` (a Dispatch deadline, whatever URLSession does).
    public func connect(
        to url: URL,
        headers: [String: String],
        timeout: Duration
    ) async throws -> any WebSocketConnection {
        _ = try WebSocketURL(url)
        var request = URLRequest(url: url, timeoutInterval: max(timeout.timeInterval, 0) + 1)
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let delegate = URLSessionWebSocketEventDelegate()
        let session = URLSession(configuration: sessionConfiguration, delegate: delegate, delegateQueue: nil)
        let task = session.webSocketTask(with: request)
        task.maximumMessageSize = options.maximumMessageSize
        let connection = URLSessionWebSocketConnection(task: task, options: options) {
            session.invalidateAndCancel()
        }
        delegate.connection = connection
        do {
            try await delegate.waitForOpen(timeout: timeout) {
                task.resume()
            } onCancel: {
                task.cancel()
            }
        } catch {
            session.invalidateAndCancel()
            throw error
        }
        connection.startReceiving()
        return connection
    }
}

/// The task behind a ``URLSessionWebSocketTransport`` connection.
extension URLSessionWebSocketTask: URLSessionWebSocketTaskDriving {
    package func start() { resume() }

    package func receiveEvent() async throws -> WebSocketEvent {
        switch try await receive() {
        case .string(let text): return .text(text)
        case .data(let data): return .binary([UInt8](data))
        @unknown default: return .binary([])
        }
    }

    package func sendText(_ text: String) async throws { try await send(.string(text)) }

    package func ping(_ pong: @escaping @Sendable ((any Error)?) -> Void) { sendPing(pongReceiveHandler: pong) }

    package func close(code: WebSocketCloseCode, reason: String) {
        let closeCode = URLSessionWebSocketTask.CloseCode(rawValue: Int(code.rawValue)) ?? .normalClosure
        cancel(with: closeCode, reason: Data(reason.utf8))
    }
}

extension WebSocketError {
    /// The ``WebSocketError`` for a failed opening.
    package static func opening(
        failure error: any Error, url: URL?, status: Int?, headers: [AnyHashable: Any]
    ) -> WebSocketError {
        if let status, status != 101 {
            let fields = Dictionary(headers.map { ("\($0.key)".lowercased(), "\($0.value)") }, uniquingKeysWith: { $1 })
            return .handshakeFailed(status: status, headers: fields)
        }
        let host = url?.host ?? ""
        let reason = error.localizedDescription
        switch (error as? URLError)?.code {
        case .timedOut?: return .connectTimeout(.zero)
        case .cannotFindHost?, .dnsLookupFailed?: return .hostResolutionFailed(host: host, reason: reason)
        case .serverCertificateUntrusted?, .serverCertificateHasUnknownRoot?, .serverCertificateHasBadDate?,
            .serverCertificateNotYetValid?:
            return .tlsCertificateVerificationFailed(reason: reason)
        case .secureConnectionFailed?: return .tlsFailed(reason: reason)
        default: return .connectionFailed(host: host, port: url?.port ?? 0, reason: reason)
        }
    }
}
