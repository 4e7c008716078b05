/// When and how long to wait before retrying a failed query (upstream `shouldRetry` and
/// `calculateRetryDelay`).
///
/// A failure is retried unless it is an ``HTTPError`` with a 4xx status other than 408 or 429, a
/// cancellation, an argument the SDK rejected, or a response over the size limit
/// (``APIError/responseTooLarge(url:limit:)``); network failures, timeouts and decoding failures are retried. With the default `maxRetries` of 3 a failing request is
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

    /// Whether `error` is worth retrying at all: everything except 4xx responses other than 408/429.
    public static func isRetryable(_ error: any Error) -> Bool {
        if error is CancellationError { return false }
        if case APIError.invalidArgument? = error as? APIError { return false }
        // The same server would send the same oversized body again.
        if case APIError.responseTooLarge? = error as? APIError { return false }
        if let http = error as? HTTPError, (400..<500).contains(http.status), http.status != 408, http.status != 429 {
            return false
        }
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
