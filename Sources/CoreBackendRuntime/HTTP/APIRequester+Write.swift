package import Foundation

extension APIRequester {
    /// Sends a write (`POST`, `PUT`, `PATCH`, `DELETE`) and decodes the 2xx body as `Response` (an empty
    /// body is `JSONValue.null` when `Response` is ``JSONValue``).
    ///
    /// Never cached and never de-duplicated: every call is one request (plus retries). Retried with the
    /// client's retry policy (else the cache's) only when `retries` is `true` (the spec's `x-retry`, for
    /// idempotent writes). After success, every cache entry under each of `invalidates` is invalidated.
    package func write<Response: Decodable & Sendable>(
        _ method: String, _ path: String, query: QueryString = QueryString(),
        headers: [(name: String, value: String)] = [], body: Data? = nil, retries: Bool = false,
        invalidates: [QueryKey] = [], as type: Response.Type = Response.self
    ) async throws -> Response {
        let (data, url) = try await sendWrite(
            method, path, query: query, headers: headers, body: body, retries: retries)
        let value: Response
        if data.isEmpty, let empty = JSONValue.null as? Response {
            value = empty
        } else {
            value = try Self.decode(Response.self, from: data, url: url)
        }
        for key in invalidates { await queryClient.invalidateQueries(key) }
        return value
    }

    /// Sends a write whose response has no content (`204`, or no schema): the body is ignored.
    package func write(
        _ method: String, _ path: String, query: QueryString = QueryString(),
        headers: [(name: String, value: String)] = [], body: Data? = nil, retries: Bool = false,
        invalidates: [QueryKey] = []
    ) async throws {
        _ = try await sendWrite(method, path, query: query, headers: headers, body: body, retries: retries)
        for key in invalidates { await queryClient.invalidateQueries(key) }
    }

    /// A request body as JSON; a value that does not encode throws
    /// ``APIError/Kind/invalidArgument(name:value:reason:)`` naming `body` before any request is made.
    package static func jsonBody(_ value: some Encodable) throws -> Data {
        do {
            return try JSONEncoder().encode(value)
        } catch {
            throw APIError.invalidArgument(name: "body", value: "", reason: "does not encode as JSON: \(error)")
        }
    }

    private func sendWrite(
        _ method: String, _ path: String, query: QueryString, headers: [(name: String, value: String)], body: Data?,
        retries: Bool
    ) async throws -> (body: Data, url: String) {
        let policy = configuration.retryPolicy ?? queryClient.configuration.retryPolicy
        var failures = 0
        while true {
            do {
                return try await send(method, path, query: query, headers: headers, body: body)
            } catch {
                guard retries, !Task.isCancelled, policy.shouldRetry(failureCount: failures, error: error) else {
                    throw error
                }
                let delay = policy.delay(attemptIndex: failures, random: queryClient.configuration.random)
                failures += 1
                try await queryClient.configuration.clock.sleep(for: delay)
            }
        }
    }
}
