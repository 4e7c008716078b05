import Foundation

/// One measured number.
struct BenchmarkResult: Sendable {
    /// What was measured, e.g. `http.cacheHit.median`.
    let name: String
    /// The value.
    let value: Double
    /// The unit, e.g. `ns/op`.
    let unit: String
    /// The target, when there is one, e.g. `<= 500`.
    var target: String = ""
}

/// Prints `results` as a table, or as one JSON object per line.
func printResults(_ results: [BenchmarkResult], json: Bool) {
    if json {
        for result in results {
            let escapedName = result.name.replacingOccurrences(of: "\"", with: "\\\"")
            print(
                #"{"metric": "\#(escapedName)", "value": \#(String(format: "%.2f", result.value)), "unit": "\#(result.unit)"}"#
            )
        }
        return
    }
    let width = (results.map(\.name.count).max() ?? 10) + 2
    print(
        "metric".padding(toLength: width, withPad: " ", startingAt: 0)
            + "value".padding(toLength: 14, withPad: " ", startingAt: 0)
            + "unit".padding(toLength: 12, withPad: " ", startingAt: 0) + "target")
    for result in results {
        let value = String(format: "%.2f", result.value)
        print(
            result.name.padding(toLength: width, withPad: " ", startingAt: 0)
                + value.padding(toLength: 14, withPad: " ", startingAt: 0)
                + result.unit.padding(toLength: 12, withPad: " ", startingAt: 0) + result.target)
    }
}

/// Percentile of sorted samples.
func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
    guard !sorted.isEmpty else { return 0 }
    let index = min(sorted.count - 1, max(0, Int((Double(sorted.count) * fraction).rounded(.up)) - 1))
    return sorted[index]
}

/// Nanoseconds of a duration.
func nanoseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1e9 + Double(duration.components.attoseconds) / 1e9
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
