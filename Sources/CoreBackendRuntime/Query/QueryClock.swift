/// The time source of a ``QueryClient``: any `Clock` measured in `Duration`, type-erased.
///
/// Times are durations since the clock was wrapped, so a test clock makes stale times, gc times and
/// retry delays deterministic without real sleeps.
public struct QueryClock: Sendable {
    private let currentOffset: @Sendable () -> Duration
    private let sleeper: @Sendable (Duration) async throws -> Void

    /// Wraps `clock`; ``now`` counts from this moment.
    public init<C: Clock>(_ clock: C) where C.Duration == Duration {
        let origin = clock.now
        currentOffset = { origin.duration(to: clock.now) }
        sleeper = { try await clock.sleep(for: $0) }
    }

    /// The real, monotonic clock.
    public static var continuous: QueryClock { QueryClock(ContinuousClock()) }

    /// Time elapsed since the clock was wrapped.
    public var now: Duration { currentOffset() }

    /// Suspends for `duration`; throws `CancellationError` when the task is cancelled.
    public func sleep(for duration: Duration) async throws {
        try await sleeper(duration)
    }
}

/// A source of uniformly distributed numbers in `0..<1`, injectable so jitter is reproducible.
public struct RandomSource: Sendable {
    private let generate: @Sendable () -> Double

    /// Creates a source from a closure returning values in `0..<1`.
    public init(_ generate: @escaping @Sendable () -> Double) { self.generate = generate }

    /// The system random number generator.
    public static let system = RandomSource { Double.random(in: 0..<1) }

    /// Always returns `value` (clamped to `0..<1`).
    public static func constant(_ value: Double) -> RandomSource {
        let clamped = min(max(value, 0), 0.999_999_999)
        return RandomSource { clamped }
    }

    /// The next value in `0..<1`.
    public func next() -> Double { generate() }
}
