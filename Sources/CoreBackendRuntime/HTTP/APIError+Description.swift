public import Foundation

extension APIError: CustomStringConvertible, LocalizedError, CustomReflectable {
    /// `<operationId>: <what failed> (GET <url>)`, for example
    /// `V1SupportedNetworks: HTTP 503: Service Unavailable (GET https://accounts.api.cx.metamask.io/v1/supportedNetworks)`.
    ///
    /// The operation part is left out when ``operationId`` is empty, the URL part when ``url`` is.
    /// Credentials are redacted, in the URL and in the cause's text.
    public var description: String {
        var text = operationId.isEmpty ? "" : operationId + ": "
        text += reason
        if !url.isEmpty { text += " (GET \(url))" }
        return text
    }

    /// The ``description``.
    public var errorDescription: String? { description }

    /// What failed, without the operation and URL.
    private var reason: String {
        switch kind {
        case .http(let response):
            response.message
        case .decoding(let codingPath, let message):
            "could not decode the response at '\(codingPath.isEmpty ? "<root>" : codingPath)': \(message)"
        case .transport:
            "transport failure: " + (underlyingError.map(Self.describeCause) ?? "unknown error")
        case .responseTooLarge(let limit):
            "the response is larger than the limit of \(limit) bytes"
        case .timedOut(let timeout):
            "no complete response within \(timeout)"
        case .invalidArgument(let name, let value, let reason):
            "invalid value '\(value)' for '\(name)': \(reason)"
        case .invalidURL:
            "invalid URL"
        }
    }

    /// A cause's text for logs: a `URLError` by its code (its user info may hold a URL), anything else by
    /// its description; credentials redacted either way.
    static func describeCause(_ error: any Error) -> String {
        if let urlError = error as? URLError {
            return "URLError \(urlError.code.rawValue) (\(URLError.errorDomain))"
        }
        return Redaction.redact(String(describing: error))
    }

    /// Operation, URL, kind and the cause's redacted text: what `dump` shows.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "operationId": operationId, "url": url, "kind": kind,
                "underlyingError": underlyingError.map(Self.describeCause) as Any,
            ])
    }
}
