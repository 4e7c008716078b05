import CoreBackendRuntime
import Foundation
import Testing

@Suite("RetryPolicy (shouldRetry, calculateRetryDelay)")
struct RetryPolicyTests {
    struct PlainError: Error {}

    @Test("retries up to maxRetries failures: 1 + 3 attempts by default")
    func failureCount() {
        let policy = RetryPolicy.default
        #expect(policy.shouldRetry(failureCount: 0, error: PlainError()))
        #expect(policy.shouldRetry(failureCount: 2, error: PlainError()))
        #expect(!policy.shouldRetry(failureCount: 3, error: PlainError()))
        #expect(!RetryPolicy.never.shouldRetry(failureCount: 0, error: PlainError()))
    }

    @Test("4xx other than 408 and 429 is final", arguments: [400, 401, 403, 404, 422])
    func clientErrors(status: Int) {
        #expect(
            !RetryPolicy.default.shouldRetry(
                failureCount: 0, error: HTTPError(status: status, statusText: "", url: "u")))
    }

    @Test("408, 429, 5xx, network and decoding errors are retried", arguments: [408, 429, 500, 502, 503])
    func retryable(status: Int) {
        #expect(
            RetryPolicy.default.shouldRetry(failureCount: 0, error: HTTPError(status: status, statusText: "", url: "u"))
        )
        #expect(RetryPolicy.default.shouldRetry(failureCount: 0, error: URLError(.timedOut)))
        #expect(
            RetryPolicy.default.shouldRetry(
                failureCount: 0, error: APIError.decoding(url: "u", codingPath: "", message: "")))
    }

    @Test("invalid arguments and cancellation are never retried")
    func never() {
        #expect(!RetryPolicy.isRetryable(CancellationError()))
        #expect(!RetryPolicy.isRetryable(APIError.invalidArgument(name: "chainId", value: "1", reason: "")))
    }

    /// The kind a generated call reports for each failure, and whether it was retried before `APIError`
    /// carried the operation (raw `HTTPError`/`URLError`/`APIError` cases): the classification is unchanged.
    static let wrappedKinds: [(APIError.Kind, Bool)] = [
        (.http(HTTPError(status: 404, statusText: "", url: "u")), false),
        (.http(HTTPError(status: 400, statusText: "", url: "u")), false),
        (.http(HTTPError(status: 408, statusText: "", url: "u")), true),
        (.http(HTTPError(status: 429, statusText: "", url: "u")), true),
        (.http(HTTPError(status: 503, statusText: "", url: "u")), true),
        (.decoding(codingPath: "", message: ""), true),
        (.transport, true),
        (.timedOut(timeout: .seconds(1)), true),
        (.responseTooLarge(limit: 1), false),
        (.invalidArgument(name: "chainId", value: "1", reason: ""), false),
        (.invalidURL, true),
    ]

    @Test("an APIError from a generated call is retried exactly when its cause was", arguments: wrappedKinds)
    func wrapped(kind: APIError.Kind, retried: Bool) {
        let error = APIError(operationId: "V1Op", url: "u", kind: kind, underlyingError: URLError(.timedOut))
        #expect(RetryPolicy.isRetryable(error) == retried)
        #expect(error.isRetryable == retried)
        #expect(RetryPolicy.default.shouldRetry(failureCount: 0, error: error) == retried)
    }

    @Test(
        "delays are uniform in [d/2, d) with d = min(1 s × 2ⁿ, 5 s)",
        arguments: [(0, 500, 1000), (1, 1000, 2000), (2, 2000, 4000), (3, 2500, 5000), (20, 2500, 5000)])
    func delays(index: Int, low: Int, high: Int) {
        let policy = RetryPolicy.default
        #expect(policy.delay(attemptIndex: index, random: .constant(0)) == .milliseconds(low))
        let top = policy.delay(attemptIndex: index, random: .constant(0.999_999_999))
        #expect(top < .milliseconds(high) && top > .milliseconds(high) - .milliseconds(1))
        let mid = policy.delay(attemptIndex: index, random: .constant(0.5))
        #expect(mid == .milliseconds((low + high) / 2))
    }
}
