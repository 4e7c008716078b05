import Foundation

/// The reconnect delay sequence of `BackendWebSocketService`: "decorrelated jitter" with exponent 2
/// (Polly's `DecorrelatedJitterV2`, as used by cockatiel's `ExponentialBackoff`).
///
/// With `I = initialDelay`, `M = maxDelay` and a uniform draw `r` in `0..<1` per step, starting at
/// `(k, prev) = (0, 0)`:
///
/// ```
/// t = k + r;  v = 2^t · tanh(√(4t));  delay = min(max(0, v − prev) · I / 1.4, M);  (k, prev) := (k + 1, v)
/// ```
///
/// `prev` keeps the uncapped `v`, so the sequence keeps growing after the cap is reached. The draw is
/// taken lazily (when a delay is needed), which the reference allows.
struct ReconnectBackoff: Sendable, Hashable {
    /// `I`: scales every delay (upstream option `reconnectDelay`).
    let initialDelay: Duration
    /// `M`: caps every single delay (upstream option `maxReconnectDelay`).
    let maxDelay: Duration
    /// `k`: the number of delays taken since the last reset.
    private(set) var attempt = 0
    /// `prev`: the previous uncapped `v`.
    private(set) var previous = 0.0

    init(initialDelay: Duration, maxDelay: Duration) {
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
    }

    /// Returns the next delay for a uniform draw `random` in `0..<1` and advances the sequence.
    mutating func nextDelay(random: Double) -> Duration {
        let t = Double(attempt) + random
        let value = pow(2, t) * tanh((4 * t).squareRoot())
        let maxMilliseconds = maxDelay.milliseconds
        let milliseconds: Double
        if value.isFinite, previous.isFinite {
            milliseconds = min(max(0, value - previous) * initialDelay.milliseconds / 1.4, maxMilliseconds)
        } else {
            milliseconds = maxMilliseconds
        }
        attempt = attempt == Int.max ? attempt : attempt + 1
        previous = value
        return .milliseconds(milliseconds)
    }

    /// Starts the sequence over (after a stable connection, or when reconnecting is disabled).
    mutating func reset() {
        attempt = 0
        previous = 0
    }
}

extension Duration {
    /// The duration in (fractional) milliseconds.
    var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }

    /// Milliseconds as upstream prints them: `200`, or `68.9` for a fraction.
    var millisecondsText: String {
        let value = milliseconds
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
