import CommandLineOptions
import CoreBackend
import CoreBackendTesting
import Foundation

/// `core-backend demo`: the whole SDK against the embedded mock backend, offline.
enum DemoCommand: Subcommand {
    static let name = "demo"
    static let abstract = "Walk through the SDK against the embedded mock backend (offline)."
    static let json = Flag(name: "--json", help: "Print one JSON object per event instead of tables.")

    static let command = Command(
        name: "core-backend demo",
        overview: """
            Start the embedded mock backend on 127.0.0.1 and walk through the SDK: supported
            networks, multi-account balances, spot prices with cache hits and de-duplication, then the real-time
            flow: WebSocket connect, account subscription, chain status, live balance updates, a server-side drop
            and automatic reconnection.
            """,
        options: [json])

    static func run(_ values: ParsedValues) async throws -> ExitStatus {
        let output = DemoOutput(json: values[json])
        let backend = try MockBackend(webSocket: true)
        defer { backend.stop() }
        let client = ApiPlatformClient(
            clientProduct: "core-backend-demo", clientVersion: "1.0.0", baseURLs: backend.baseURLs)
        output.title(
            "CoreBackend demo: the SDK against the embedded mock backend at \(backend.baseURL.absoluteString) (offline)"
        )
        output.event("backendStarted", ["url": .string(backend.baseURL.absoluteString)])

        try await supportedNetworks(client, output)
        try await balances(client, output)
        try await prices(client, backend, output)
        try await realtime(backend.webSocket!, output)
        output.section("Cache")
        output.rows([
            ["entries in the shared cache", "\(client.queryClient.entryCount)"],
            ["HTTP requests sent", "\(backend.totalRequestCount)"],
        ])
        output.event(
            "cacheStatistics",
            [
                "entries": .number(Double(client.queryClient.entryCount)),
                "requests": .number(Double(backend.totalRequestCount)),
            ])
        return .success
    }

    private static func supportedNetworks(_ client: ApiPlatformClient, _ output: DemoOutput) async throws {
        output.section("Supported networks  (accounts.fetchV2SupportedNetworks)")
        let networks = try await client.accounts.fetchV2SupportedNetworks()
        let full = networks.fullSupport.map { element -> String in
            switch element {
            case .int(let id): String(id)
            case .string(let id): id
            }
        }
        output.rows([["full support", full.joined(separator: ", ")]])
        output.event("supportedNetworks", ["fullSupport": .array(full.map(JSONValue.string))])
    }

    private static func balances(_ client: ApiPlatformClient, _ output: DemoOutput) async throws {
        output.section("Multi-account balances  (accounts.fetchV5MultiAccountBalances)")
        let response = try await client.accounts.fetchV5MultiAccountBalances(
            accountIds: ["eip155:1:0x76cf1cdd1fcc252442b50d6e97207228aa4aefc3"],
            queryOptions: .init(networks: ["eip155:1", "eip155:137"]))
        output.table(
            header: ["ACCOUNT", "ASSET", "BALANCE"],
            rows: response.balances.map { [shorten($0.accountId), $0.symbol ?? $0.assetId, $0.balance] })
        for item in response.balances {
            output.event(
                "balance",
                [
                    "accountId": .string(item.accountId), "assetId": .string(item.assetId),
                    "balance": .string(item.balance),
                ])
        }
    }

    private static func prices(_ client: ApiPlatformClient, _ backend: MockBackend, _ output: DemoOutput) async throws {
        output.section("Spot prices  (prices.fetchV3SpotPrices)")
        let assets = ["eip155:1/slip44:60", "eip155:137/slip44:966"]
        let clock = ContinuousClock()
        var start = clock.now
        let prices = try await client.prices.fetchV3SpotPrices(assetIds: assets)
        let cold = start.duration(to: clock.now)
        output.table(
            header: ["ASSET", "PRICE", "CURRENCY"],
            rows: prices.keys.sorted().map { asset in
                let price = prices[asset].flatMap { $0 }
                return [asset, price.map { String(format: "%.4f", $0.price) } ?? "n/a", price?.currency ?? ""]
            })
        let before = backend.requestCount("prices", "V3SpotPrices")
        start = clock.now
        _ = try await client.prices.fetchV3SpotPrices(assetIds: assets.reversed())
        let warm = start.duration(to: clock.now)
        let hitRequests = backend.requestCount("prices", "V3SpotPrices") - before

        backend.override("prices", "V3SpotPrices", with: .init(latency: .milliseconds(100)))
        let dedupeStart = backend.requestCount("prices", "V3SpotPrices")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<100 {
                group.addTask { _ = try await client.prices.fetchV3SpotPrices(assetIds: ["eip155:10/slip44:60"]) }
            }
            try await group.waitForAll()
        }
        let dedupeRequests = backend.requestCount("prices", "V3SpotPrices") - dedupeStart
        output.rows([
            ["first call", "1 request, \(format(cold))"],
            ["same ids, other order", "\(hitRequests) requests, \(format(warm)) (cache hit: the key sorts the ids)"],
            ["100 concurrent calls", "\(dedupeRequests) request (de-duplicated while in flight)"],
        ])
        output.event("cacheHit", ["requests": .number(Double(hitRequests)), "microseconds": .number(micros(warm))])
        output.event("deduplication", ["calls": 100, "requests": .number(Double(dedupeRequests))])
    }

    static func shorten(_ id: String) -> String {
        id.count > 24 ? String(id.prefix(14)) + "…" + String(id.suffix(6)) : id
    }

    static func micros(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
    }

    static func format(_ duration: Duration) -> String {
        let value = micros(duration)
        return value >= 1_000 ? String(format: "%.1f ms", value / 1_000) : String(format: "%.1f µs", value)
    }
}

/// Prints the demo either as aligned tables or as JSON lines.
struct DemoOutput {
    let json: Bool

    /// Every line goes through one unbuffered path, so tables, progress lines and JSON events keep their order.
    static func emit(_ text: String) {
        printOutput(text)
    }

    // Every text below may hold server strings (symbols, ids, amounts): escaped before printing.

    func title(_ text: String) {
        guard !json else { return }
        Self.emit(TerminalText.escape(text))
    }

    func section(_ text: String) {
        guard !json else { return }
        Self.emit("\n▸ " + TerminalText.escape(text))
    }

    func line(_ text: String) {
        guard !json else { return }
        Self.emit(TerminalText.escape(text))
    }

    /// A status line for a wait; on a terminal ``progressDone(_:)`` overwrites it, elsewhere both stay.
    func progress(_ text: String) {
        guard !json else { return }
        printOutput("  ⋯ " + TerminalText.escape(text), terminator: Self.isTerminal ? "" : "\n")
    }

    func progressDone(_ text: String) {
        guard !json else { return }
        printOutput((Self.isTerminal ? "\r\u{1B}[2K" : "") + "  ✓ " + TerminalText.escape(text))
    }

    private static let isTerminal = isatty(STDOUT_FILENO) == 1

    func tableHeader(_ columns: [String]) { tableRow(columns) }

    func tableRow(_ columns: [String]) {
        guard !json else { return }
        let columns = columns.map(TerminalText.escape)
        let widths = [14, 8, 14, 10]
        let cells = columns.enumerated().map {
            $0.element.padding(
                toLength: max(widths[min($0.offset, 3)], $0.element.count + 2), withPad: " ", startingAt: 0)
        }
        Self.emit("  " + cells.joined().trimmingTrailingSpaces())
    }

    func rows(_ rows: [[String]]) {
        guard !json else { return }
        let rows = rows.map { $0.map(TerminalText.escape) }
        let width = (rows.map { $0[0].count }.max() ?? 0) + 2
        for row in rows {
            Self.emit(
                ("  " + row[0].padding(toLength: width, withPad: " ", startingAt: 0) + row[1]).trimmingTrailingSpaces())
        }
    }

    func table(header: [String], rows: [[String]]) {
        guard !json else { return }
        let all = ([header] + rows).map { $0.map(TerminalText.escape) }
        let widths = header.indices.map { column in (all.map { $0[column].count }.max() ?? 0) + 2 }
        for row in all {
            Self.emit(
                ("  "
                    + row.enumerated().map {
                        $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0)
                    }.joined()).trimmingTrailingSpaces())
        }
    }

    func event(_ name: String, _ payload: [String: JSONValue]) {
        guard json else { return }
        Self.emit(
            TerminalText.escapeJSON(
                (try? JSONText.compact(["event": .string(name), "payload": .object(payload)])) ?? "{}"))
    }
}

extension String {
    /// The string without trailing spaces (table cells are padded).
    func trimmingTrailingSpaces() -> String {
        var result = self
        while result.last == " " { result.removeLast() }
        return result
    }
}
