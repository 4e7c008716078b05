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
