import Foundation

/// core-backend-bench: measures the SDK's speed targets and prints a table, or JSON lines with `--json`.
///
///     swift run -c release core-backend-bench [--json] [--only http|cache-hit|cold|websocket|realtime|stages|soak]
///         [--count N]  (realtime only; default 1,000,000 notifications)
///         [--duration SECONDS]  (soak only; default 600)
let arguments = CommandLine.arguments.dropFirst()
let json = arguments.contains("--json")
let only = arguments.firstIndex(of: "--only").flatMap { arguments.index(after: $0) < arguments.endIndex ? arguments[arguments.index(after: $0)] : nil }

var results: [BenchmarkResult] = []
// Realtime first: its peak-memory figure must not include what the other benchmarks allocated.
if only == nil || only == "realtime" {
    let count = arguments.firstIndex(of: "--count").flatMap { index in
        arguments.index(after: index) < arguments.endIndex ? Int(arguments[arguments.index(after: index)]) : nil
    } ?? 1_000_000
    results += try await RealtimeBenchmarks.run(count: count)
}
if only == nil || only == "http" {
    results += try await HTTPBenchmarks.run()
}
if only == "cold" {
    results += try await HTTPBenchmarks.coldFetches()
}
if only == "cache-hit" {
    results += try await HTTPBenchmarks.cacheHits()
}
if only == nil || only == "websocket" {
    results += await runWebSocketBenchmarks()
}
if only == nil || only == "realtime" || only == "stages" {
    results += try RealtimeBenchmarks.stages()
}
if only == "soak" {
    let seconds = arguments.firstIndex(of: "--duration").flatMap { index in
        arguments.index(after: index) < arguments.endIndex ? Double(arguments[arguments.index(after: index)]) : nil
    } ?? 600
    results += try await RealtimeBenchmarks.soak(duration: .milliseconds(Int(seconds * 1000)))
}

if json {
    for result in results {
        let escapedName = result.name.replacingOccurrences(of: "\"", with: "\\\"")
        print(#"{"metric": "\#(escapedName)", "value": \#(String(format: "%.2f", result.value)), "unit": "\#(result.unit)"}"#)
    }
} else {
    let width = (results.map(\.name.count).max() ?? 10) + 2
    print("metric".padding(toLength: width, withPad: " ", startingAt: 0) + "value".padding(toLength: 14, withPad: " ", startingAt: 0) + "unit".padding(toLength: 12, withPad: " ", startingAt: 0) + "target")
    for result in results {
        let value = String(format: "%.2f", result.value)
        print(
            result.name.padding(toLength: width, withPad: " ", startingAt: 0)
                + value.padding(toLength: 14, withPad: " ", startingAt: 0)
                + result.unit.padding(toLength: 12, withPad: " ", startingAt: 0) + result.target)
    }
}
