import CommandLineOptions

/// The command line of `core-backend-bench`, declared once: parsing, validation and `--help` come from it.
enum BenchOptions {
    /// The benchmarks `--only` accepts.
    static let benchmarks = ["http", "cache-hit", "cold", "websocket", "realtime", "stages", "soak", "scale"]

    static let json = Flag(name: "--json", help: #"Print one JSON object per metric: {"metric", "value", "unit"}."#)
    static let only = Option(
        name: "--only", valueName: "NAME",
        help: """
            Run one benchmark: \(benchmarks.joined(separator: ", ")).
            Default: realtime, http, websocket and stages (cold and cache-hit are parts of http).
            """,
        parser: .oneOf(benchmarks))
    static let count = Option(
        name: "--count", valueName: "N", help: "Notifications streamed by the realtime benchmark.",
        parser: .integer(in: 1...Int.max), default: 1_000_000, defaultText: "1,000,000")
    static let duration = Option(
        name: "--duration", valueName: "SECONDS", help: "How long the soak runs.",
        parser: .number(in: 0.001...1_000_000_000), default: 600, defaultText: "600")

    static let command = Command(
        name: "core-backend-bench",
        overview: """
            Measure the SDK's speed targets against in-process loopback servers and print a table.
            Build with -c release for meaningful numbers.
            """,
        options: [json, only, count, duration],
        examples: [
            "swift run -c release core-backend-bench",
            "swift run -c release core-backend-bench --only realtime --count 200000 --json",
            "swift run -c release core-backend-bench --only soak --duration 60",
            "swift run -c release core-backend-bench --only scale",
        ])
}
