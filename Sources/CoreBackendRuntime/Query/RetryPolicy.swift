/// When and how long to wait before retrying a failed query (upstream `shouldRetry` and
/// `calculateRetryDelay`).
///
/// A failure is retried unless it is an HTTP response with a 4xx status other than 408 or 429 (an
/// ``HTTPError``, or an ``APIError`` of kind ``APIError/Kind/http(_:)``), a cancellation, an argument the
/// SDK rejected (``APIError/Kind/invalidArgument(name:value:reason:)``), or a response over the size limit
/// (``APIError/Kind/responseTooLarge(limit:)``); transport failures, timeouts and decoding failures are
/// retried. See <doc:ErrorModel>. With the default `maxRetries` of 3 a failing request is
/// attempted at most 4 times, as upstream documents (upstream's off-by-one actually makes 5; see the
/// README's differences). The delay before retry `n` (zero-based) is `d = min(baseDelay × 2ⁿ, maxDelay)`
/// halved plus a random half: uniformly in `[d/2, d)`.
public struct RetryPolicy: Sendable, Hashable {
    /// Retries after the first attempt; `0` disables retrying.
    public var maxRetries: Int
    /// The delay scale for the first retry.
    public var baseDelay: Duration
    /// The cap on the exponential delay.
    public var maxDelay: Duration

    /// Creates a policy.
    public init(maxRetries: Int = 3, baseDelay: Duration = .seconds(1), maxDelay: Duration = .seconds(5)) {
        self.maxRetries = max(0, maxRetries)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// Upstream's `RETRY_CONFIG`: 3 retries, 1 s base, 5 s cap.
    public static let `default` = RetryPolicy()

    /// Never retries.
    public static let never = RetryPolicy(maxRetries: 0)

    /// Whether to retry after a failure, given how many retries already happened.
    public func shouldRetry(failureCount: Int, error: any Error) -> Bool {
        guard failureCount < maxRetries else { return false }
        return Self.isRetryable(error)
    }

    /// Whether `error` is worth retrying at all: everything except a cancellation and the failures an
    /// ``APIError`` or ``HTTPError`` calls final (see ``APIError/isRetryable`` and ``HTTPError/isRetryable``).
    public static func isRetryable(_ error: any Error) -> Bool {
        if error is CancellationError { return false }
        if let error = error as? APIError { return error.isRetryable }
        if let http = error as? HTTPError { return http.isRetryable }
        return true
    }

    /// The delay before retry number `attemptIndex` (zero-based), using `random` for the jitter.
    public func delay(attemptIndex: Int, random: RandomSource = .system) -> Duration {
        let exponent = min(max(attemptIndex, 0), 62)
        var ceiling = maxDelay
        let factor = Double(1 << min(exponent, 52))
        let scaled = baseDelay * factor
        if scaled < maxDelay { ceiling = scaled }
        let half = ceiling / 2
        return half + half * random.next()
    }
}
