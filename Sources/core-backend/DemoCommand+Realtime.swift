import CoreBackend
import CoreBackendRuntime
import CoreBackendTesting
import Foundation

extension DemoCommand {
    static let demoAddress = "0x76cf1cdd1fcc252442b50d6e97207228aa4aefc3"

    /// WebSocket connect, account subscription, live balance updates, chain status, a server-side drop and
    /// automatic reconnection, all against the mock backend's WebSocket endpoint.
    static func realtime(_ socket: MockWebSocketBackend, _ output: DemoOutput) async throws {
        output.section("Real-time account activity  (BackendWebSocketService + AccountActivityService)")
        let stack = try RealtimeStack(
            url: socket.url.absoluteString, token: "demo-token", accounts: [MockControllers.evmAccount(demoAddress)],
            options: BackendWebSocketServiceOptions(
                url: socket.url.absoluteString, timeout: .seconds(5), reconnectDelay: .milliseconds(250),
                maxReconnectDelay: .seconds(2), requestTimeout: .seconds(5)))
        defer { stack.destroy() }
        let log = DemoEventLog(stack.events(), output: output)
        defer { log.stop() }
        let clock = ContinuousClock()

        var start = clock.now
        try await stack.webSocket.connect()
        let channel = "account-activity.v1.eip155:0:\(demoAddress)"
        await socket.waitForSubscription(matching: channel)
        output.rows([
            ["connected", "\(socket.url.absoluteString)?token=… in \(format(start.duration(to: clock.now)))"],
            ["subscribed", channel],
        ])
        try await log.wait(output: output, for: "chain status") { $0.contains { $0.name == "statusChanged" } }
        output.rows([["chain status", "up: " + (log.lastStatus ?? "")]])

        output.line("")
        output.line("  live balance updates (pushed by the server):")
        output.tableHeader(["CHAIN", "ASSET", "NEW BALANCE", "TX STATUS"])
        for (chain, amount) in [("eip155:1", "0x2faf080"), ("eip155:8453", "0xc350"), ("eip155:137", "0x1312d00")] {
            try socket.pushAccountActivity(
                channel: "account-activity.v1.\(chain):\(demoAddress)",
                data: DemoPayloads.notification(address: demoAddress, chain: chain, amount: amount))
        }
        try await log.wait(output: output, for: "3 balance updates") {
            $0.filter { $0.name == "balanceUpdated" }.count >= 3
        }

        output.line("")
        start = clock.now
        socket.dropConnections()
        output.progress("server dropped the connection (1006); reconnecting with backoff …")
        try await log.wait(output: output, for: "reconnection") { events in
            events.filter { $0.name == "connectionStateChanged" && $0.payload["state"] == "connected" }.count >= 2
        }
        await socket.waitForSubscription(matching: channel)
        output.progressDone("reconnected and resubscribed in \(format(start.duration(to: clock.now)))")
        try socket.pushAccountActivity(
            channel: "account-activity.v1.eip155:1:\(demoAddress)",
            data: DemoPayloads.notification(address: demoAddress, chain: "eip155:1", amount: "0x3b9aca0"))
        try await log.wait(output: output, for: "an update after reconnecting") {
            $0.filter { $0.name == "balanceUpdated" }.count >= 4
        }
        // The server reports the chains up again after the resubscription; statusChanged is debounced (1–2 s).
        output.progress("waiting for the chain status to settle (debounced) …")
        try await log.wait(output: output, for: "chains up again") {
            $0.filter { $0.name == "statusChanged" }.count >= 3
        }
        output.progressDone("chain status: " + log.statusHistory.joined(separator: " → "))
    }
}

/// Collects the stack's events for the demo and prints balance rows as they arrive.
final class DemoEventLog: Sendable {
    private let events = Locked<[RealtimeStack.Event]>([])
    private let task: Task<Void, Never>

    init(_ stream: AsyncStream<RealtimeStack.Event>, output: DemoOutput) {
        let events = events
        task = Task {
            for await event in stream {
                events.withLock { $0.append(event) }
                output.event(event.name, event.payload.objectValue ?? [:])
                if event.name == "balanceUpdated" { DemoEventLog.printBalance(event.payload, output) }
            }
        }
    }

    func stop() { task.cancel() }

    var lastStatus: String? {
        events.withLock { events in
            events.last { $0.name == "statusChanged" }.map { event in
                (event.payload["chainIds"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ", ")
            }
        }
    }

    var statusHistory: [String] {
        events.withLock { events in
            events.filter { $0.name == "statusChanged" }.map { event in
                "\(event.payload["status"]?.stringValue ?? "?") (\((event.payload["chainIds"]?.arrayValue ?? []).count) chains)"
            }
        }
    }

    /// Waits up to 10 s for `condition`, showing a progress line meanwhile.
    func wait(output: DemoOutput, for what: String, _ condition: ([RealtimeStack.Event]) -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if events.withLock({ condition($0) }) { return }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw DemoError.timedOut(what)
    }

    private static func printBalance(_ payload: JSONValue, _ output: DemoOutput) {
        let chain = payload["chain"]?.stringValue ?? "?"
        for update in payload["updates"]?.arrayValue ?? [] {
            let unit = update["asset"]?["unit"]?.stringValue ?? "?"
            let decimals = Int(update["asset"]?["decimals"]?.numberValue ?? 0)
            let amount = update["postBalance"]?["amount"]?.stringValue ?? "?"
            output.tableRow([chain, unit, DemoPayloads.humanAmount(amount, decimals: decimals), "confirmed"])
        }
    }
}

/// Why the demo stopped.
enum DemoError: Error, CustomStringConvertible {
    case timedOut(String)

    var description: String {
        switch self {
        case .timedOut(let what): "the demo timed out waiting for \(what)"
        }
    }
}

/// Account-activity payloads the demo's server pushes.
enum DemoPayloads {
    static func notification(address: String, chain: String, amount: String) -> JSONValue {
        [
            "address": .string(address),
            "tx": [
                "id": .string("0x" + String(repeating: "ab", count: 32)), "chain": .string(chain),
                "status": "confirmed",
                "timestamp": .number(Date().timeIntervalSince1970.rounded()),
                "from": "0x7b07f1c2d3e4a5b6c7d8e9f0a1b2c3d4e5f6a7b8",
                "to": .string(address),
            ],
            "updates": [
                [
                    "asset": [
                        "fungible": true, "type": .string("\(chain)/erc20:0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48"),
                        "unit": "USDC", "decimals": 6,
                    ],
                    "postBalance": ["amount": .string(amount)],
                    "transfers": [
                        [
                            "from": "0x7b07f1c2d3e4a5b6c7d8e9f0a1b2c3d4e5f6a7b8", "to": .string(address),
                            "amount": "0x2710",
                        ]
                    ],
                ]
            ],
        ]
    }

    /// `0xc350` with 6 decimals → `0.05`.
    static func humanAmount(_ hex: String, decimals: Int) -> String {
        guard hex.hasPrefix("0x"), let raw = UInt64(hex.dropFirst(2), radix: 16) else { return hex }
        guard decimals > 0 else { return String(raw) }
        var digits = String(raw)
        if digits.count <= decimals { digits = String(repeating: "0", count: decimals - digits.count + 1) + digits }
        let integer = digits.dropLast(decimals)
        var fraction = String(digits.suffix(decimals))
        while fraction.last == "0" { fraction.removeLast() }
        return fraction.isEmpty ? String(integer) : "\(integer).\(fraction)"
    }
}
