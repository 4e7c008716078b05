import CoreBackendRuntime

/// Reads and answers one upgrade request on a fresh server socket.
struct ServerHandshake {
    let socket: TCPSocket
    let configuration: WebSocketTestServer.Configuration

    /// The accepted request and any bytes read past it, or nil if the connection was refused or failed.
    func run() -> (WebSocketUpgradeRequest, [UInt8])? {
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        do {
            while true {
                let count = try chunk.withUnsafeMutableBytes { try socket.read(into: $0, deadline: nil) }
                guard count > 0 else { return nil }
                received += chunk.prefix(count)
                guard let (head, used) = try received.withUnsafeBytes({ try HTTPHead.parse($0) }) else { continue }
                let key: String
                switch WebSocketHandshake.validateRequest(head) {
                case .success(let value): key = value
                case .failure(let error):
                    try socket.write(
                        WebSocketHandshake.rejection(status: 400, body: "\(error)").bytes + Array("\(error)".utf8))
                    return nil
                }
                let target = String(head.startLine.split(separator: " ")[1])
                let request = WebSocketUpgradeRequest(target: target, headers: head.headerDictionary)
                switch configuration.upgradeHandler(request) {
                case .accept:
                    try socket.write(WebSocketHandshake.response(forKey: key).bytes)
                    return (request, Array(received[used...]))
                case .reject(let status, let body):
                    try socket.write(WebSocketHandshake.rejection(status: status, body: body).bytes + Array(body.utf8))
                    socket.shutdownOutput()
                    return nil
                case .ignore:
                    while try chunk.withUnsafeMutableBytes({ try socket.read(into: $0, deadline: nil) }) > 0 {}
                    return nil
                }
            }
        } catch {
            return nil
        }
    }
}
