import CommandLineOptions
import Foundation

/// core-backend-bench: measures the SDK's speed targets and prints a table, or JSON lines with `--json`.
/// See `core-backend-bench --help` (the options are declared in ``BenchOptions``).
ScaleBenchmarks.serveMockIfRequested()  // the child gateway of `--only scale` never returns from here
let values: ParsedValues
do {
    switch try BenchOptions.command.parse(CommandLine.arguments.dropFirst()) {
    case .help:
        print(BenchOptions.command.help)
        exit(0)
    case .values(let parsed):
        values = parsed
    }
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n\n\(BenchOptions.command.help)\n".utf8))
    exit(CommandLineError.exitStatus)
}
let only = values[BenchOptions.only]

var results: [BenchmarkResult] = []
// Realtime first: its peak-memory figure must not include what the other benchmarks allocated.
if only == nil || only == "realtime" {
    results += try await RealtimeBenchmarks.run(count: try values.value(BenchOptions.count))
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
if only == "scale" {
    results += try await ScaleBenchmarks.run()
}
if only == "soak" {
    let seconds = try values.value(BenchOptions.duration)
    results += try await RealtimeBenchmarks.soak(duration: .milliseconds(Int(seconds * 1000)))
}
printResults(results, json: values[BenchOptions.json])
