package import Dispatch

extension Duration {
    /// The duration in whole nanoseconds, negative durations as zero and huge ones capped at `Int.max`
    /// (about 292 years), so that no caller can overflow converting a user-supplied timeout.
    package var clampedNanoseconds: Int {
        guard self > .zero else { return 0 }
        let (seconds, attoseconds) = components
        let (whole, overflow) = Int(clamping: seconds).multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return .max }
        let (total, overflowAgain) = whole.addingReportingOverflow(Int(attoseconds / 1_000_000_000))
        return overflowAgain ? .max : total
    }

    /// The duration as a Dispatch interval (for `asyncAfter` and semaphore waits), clamped as
    /// ``clampedNanoseconds``.
    package var dispatchInterval: DispatchTimeInterval { .nanoseconds(clampedNanoseconds) }

    /// The duration in seconds, as Foundation's `TimeInterval` counts them.
    package var timeInterval: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
