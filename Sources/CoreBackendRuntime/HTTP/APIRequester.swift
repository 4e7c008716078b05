package import Foundation

/// The request pipeline generated clients call: URL building, headers, bearer token, transport,
/// status check and decoding. Not public API.
package struct APIRequester: Sendable {
    /// The cache shared by the clients (also holds the bearer token).
    package let queryClient: QueryClient
    package let configuration: APIClientConfiguration
    private let baseURLString: String

    /// The cache key of the bearer token.
    package static let bearerTokenKey: QueryKey = ["auth", "bearerToken"]
    /// How long a fetched bearer token is reused (upstream's `STALE_TIMES.AUTH_TOKEN`, `StaleTime.authToken`).
    package static let bearerTokenStaleTime: Duration = .seconds(300)

    package init(configuration: APIClientConfiguration, baseURL: URL, queryClient: QueryClient) {
        self.configuration = configuration
        self.queryClient = queryClient
        var base = baseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        baseURLString = base
    }

    /// Sends `GET path?query` and decodes the 2xx body as `Response`.
    package func get<Response: Decodable & Sendable>(
        _ path: String, query: QueryString = QueryString(), headers: [(name: String, value: String)] = [],
        as type: Response.Type = Response.self
    ) async throws -> Response {
        let (body, urlString) = try await send("GET", path, query: query, headers: headers, body: nil)
        return try Self.decode(Response.self, from: body, url: urlString)
    }

    /// Sends one request (no retries) and returns the 2xx body with the redacted URL errors show; a
    /// non-2xx status throws ``APIError/Kind/http(_:)`` carrying the body parsed as JSON. A header parameter
    /// value holding CR, LF or NUL (it could add header lines) throws
    /// ``APIError/Kind/invalidArgument(name:value:reason:)`` before anything is sent.
    package func send(
        _ method: String, _ path: String, query: QueryString, headers extraHeaders: [(name: String, value: String)],
        body: Data?
    ) async throws -> (body: Data, url: String) {
        let requestURLString = query.items.isEmpty ? baseURLString + path : baseURLString + path + "?" + query.encoded
        // What errors show: the request URL without credentials (user info, `token=` parameters).
        let urlString = Redaction.redact(requestURLString)
        try Self.rejectDotSegments(in: path, url: urlString)
        for header in extraHeaders where header.value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) {
            let reason = "a header value must not contain CR, LF or NUL"
            throw APIError(url: urlString, kind: .invalidArgument(name: header.name, value: "", reason: reason))
        }
        guard let url = URL(string: requestURLString) else { throw APIError.invalidURL(urlString) }
        var headers: [(name: String, value: String)] = [
            ("Content-Type", "application/json"),
            ("x-metamask-clientproduct", configuration.clientProduct),
        ]
        if let version = configuration.clientVersion, !version.isEmpty {
            headers.append(("x-metamask-clientversion", version))
        }
        if let token = await bearerToken() {
            headers.append(("Authorization", "Bearer \(token)"))
        }
        headers += extraHeaders
        let response: HTTPResponse
        do {
            response = try await configuration.transport.send(
                HTTPRequest(method: method, url: url, headers: headers, body: body))
        } catch {
            throw Self.transportFailure(error, url: urlString)
        }
        guard (200..<300).contains(response.status) else {
            let http = HTTPError(
                status: response.status, statusText: response.statusText, url: urlString,
                body: JSONValue(decoding: response.body))
            throw APIError(url: urlString, kind: .http(http), underlyingError: http)
        }
        return (response.body, urlString)
    }

    /// What a transport's error becomes: a `CancellationError` stays one; an ``APIError`` the transport
    /// raised (``URLSessionTransport``'s size limit and timeout) keeps its kind; an ``HTTPError`` becomes
    /// ``APIError/Kind/http(_:)``; anything else is ``APIError/Kind/transport`` with the error as its cause.
    static func transportFailure(_ error: any Error, url: String) -> any Error {
        switch error {
        case is CancellationError:
            return error
        case var error as APIError:
            error.url = url
            return error
        case let http as HTTPError:
            return APIError(url: url, kind: .http(http), underlyingError: http)
        default:
            return APIError.transport(url: url, underlying: error)
        }
    }

    /// The generated operation `operationId` at `pathTemplate` on this client's base URL.
    package func operation(_ operationId: String, pathTemplate: String) -> APIOperation {
        APIOperation(operationId: operationId, baseURL: baseURLString, pathTemplate: pathTemplate)
    }

    /// `error` as a failure of the generated operation `operationId` (see ``APIOperation/name(_:)``):
    /// generated code catches the errors of a query function and of the checks before the cache, and
    /// throws this instead.
    package func error(_ error: any Error, operationId: String, pathTemplate: String) -> any Error {
        operation(operationId, pathTemplate: pathTemplate).name(error)
    }

    /// Decodes `data`, turning `DecodingError` into ``APIError/decoding(url:codingPath:message:)``; a body
    /// nested deeper than ``JSONLimits/maximumNestingDepth`` is rejected before `JSONDecoder` sees it.
    package static func decode<Response: Decodable>(_ type: Response.Type, from data: Data, url: String) throws
        -> Response
    {
        guard !JSONLimits.exceedsNestingDepth(data) else {
            throw APIError.decoding(url: url, codingPath: "", message: JSONLimits.nestingMessage())
        }
        do {
            return try JSONDecoder().decode(Response.self, from: data)
        } catch let error as DecodingError {
            let (path, message) = describe(error)
            throw APIError(url: url, kind: .decoding(codingPath: path, message: message), underlyingError: error)
        } catch {
            throw APIError(url: url, kind: .decoding(codingPath: "", message: "\(error)"), underlyingError: error)
        }
    }

    /// Decodes a spec's fixed empty-input value; a failure has no URL (no request is made).
    package static func emptyValue<Response: Decodable>(_ type: Response.Type, json: String) throws -> Response {
        try decode(Response.self, from: Data(json.utf8), url: "")
    }

    /// Percent-encodes a path parameter as one path segment: every UTF-8 byte outside RFC 3986's
    /// unreserved characters is `%XX`, `.` included, except `:`, which stays literal as upstream sends it
    /// in CAIP ids (`/v3/historical-prices/eip155:1/slip44:60`). So a value can never add a segment
    /// (`/`), end the path (`?`, `#`), read as an escape (`%`) or as a dot segment (`../x` is one
    /// segment, `%2E%2E%2Fx`); values that are exactly `.` or `..` are rejected by ``get(_:query:as:)``.
    package static func pathSegment(_ value: some CustomStringConvertible) -> String {
        var bytes: [UInt8] = []
        for byte in value.description.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "~"),
                UInt8(ascii: ":"):
                bytes.append(byte)
            default:
                bytes.append(UInt8(ascii: "%"))
                bytes.append(hexDigits[Int(byte >> 4)])
                bytes.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// Throws when a segment of `path` is an encoded `.` or `..`: a server that decodes before resolving
    /// dot segments (RFC 3986 §6.2.2 allows it) would otherwise climb to another endpoint.
    static func rejectDotSegments(in path: String, url: String) throws {
        for segment in path.split(separator: "/") {
            let upper = segment.uppercased()
            if upper == "%2E" || upper == "%2E%2E" || segment == "." || segment == ".." {
                let reason = "a path parameter must not be '.' or '..'"
                throw APIError(url: url, kind: .invalidArgument(name: "path", value: path, reason: reason))
            }
        }
    }

    /// Reads a `0x` hex chain id (`"0x89"`) as an integer, or throws naming the parameter.
    package static func decimalChainID(fromHex value: String, parameter: String) throws -> Int {
        let digits = value.hasPrefix("0x") || value.hasPrefix("0X") ? value.dropFirst(2) : ""
        guard !digits.isEmpty, digits.count <= 15, digits.allSatisfy(\.isHexDigit), let number = Int(digits, radix: 16)
        else {
            throw APIError.invalidArgument(
                name: parameter, value: value, reason: "expected a 0x-prefixed hexadecimal chain id such as 0x1 or 0x89"
            )
        }
        return number
    }

    private static func describe(_ error: DecodingError) -> (String, String) {
        func render(_ path: [any CodingKey]) -> String {
            path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
                .trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch error {
        case .typeMismatch(let type, let context):
            return (render(context.codingPath), "expected \(type): \(context.debugDescription)")
        case .valueNotFound(let type, let context):
            return (render(context.codingPath), "missing \(type) value: \(context.debugDescription)")
        case .keyNotFound(let key, let context):
            return (render(context.codingPath + [key]), "required field '\(key.stringValue)' is missing")
        case .dataCorrupted(let context):
            return (render(context.codingPath), context.debugDescription)
        @unknown default:
            return ("", "\(error)")
        }
    }

    /// The bearer token from the shared cache (5 minutes), or `nil` when there is no source, it returned
    /// nothing, or it failed. A missing token is never cached.
    package func bearerToken() async -> String? {
        guard let source = configuration.getBearerToken else { return nil }
        let options = QueryOptions<BearerToken>(
            queryKey: Self.bearerTokenKey, staleTime: Self.bearerTokenStaleTime,
            gcTime: queryClient.configuration.gcTime, retryPolicy: .never
        ) {
            guard let token = try await source(), !token.isEmpty else { throw BearerTokenUnavailable() }
            return BearerToken(value: token)
        }
        return try? await queryClient.fetchQuery(options).value
    }

    /// Drops the cached bearer token so the next request asks the source again.
    package func invalidateAuthToken() async {
        await queryClient.resetQueries(Self.bearerTokenKey)
    }
}

/// The token source returned no token; fails the token query so nothing is cached.
struct BearerTokenUnavailable: Error {}

/// The bearer token as the cache holds it: deliberately not `Encodable`, so
/// ``QueryClient/dehydrate(now:including:)`` skips it and no persister can ever write it; its
/// description never shows the token.
package struct BearerToken: Sendable, CustomStringConvertible {
    package let value: String
    package var description: String { "BearerToken(redacted)" }
}
