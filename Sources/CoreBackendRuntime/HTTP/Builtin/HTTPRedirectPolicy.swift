import Foundation

/// Which redirects ``BuiltinHTTPTransport`` follows and how, as `fetch` does: 301, 302, 303, 307 and
/// 308 with a `Location`; 303 (and 301/302 after a `POST`) continues as a `GET` without body; once a
/// redirect leaves the first request's origin, `Authorization` is dropped for that hop and every later one.
struct HTTPRedirectPolicy {
    private let origin: Origin
    private var authorizationDropped = false

    init(origin url: URL) {
        origin = Origin(url)
    }

    /// The request to send after `response` to `request`, or nil when it is not a redirect to follow.
    ///
    /// - Throws: ``HTTPTransportError/malformedResponse(reason:)`` for a `Location` that is not an
    ///   `http` or `https` URL.
    mutating func next(after response: HTTPExchange.Response, to request: HTTPRequest) throws(HTTPTransportError)
        -> HTTPRequest?
    {
        let status = response.head.status
        guard [301, 302, 303, 307, 308].contains(status), let location = response.head.location else { return nil }
        guard let target = URL(string: location, relativeTo: request.url)?.absoluteURL,
            ["http", "https"].contains(target.scheme?.lowercased() ?? ""), target.host?.isEmpty == false
        else {
            let shown = UntrustedText.sanitize(Redaction.redact(location), maximumLength: 80)
            throw .malformedResponse(reason: "redirect to an unsupported location: \(shown)")
        }
        var next = request
        next.url = target
        if (status == 303 && request.method != "HEAD") || ((status == 301 || status == 302) && request.method == "POST")
        {
            next.method = "GET"
            next.body = nil
        }
        if Origin(target) != origin { authorizationDropped = true }
        if authorizationDropped {
            next.headers.removeAll { $0.name.caseInsensitiveCompare("Authorization") == .orderedSame }
        }
        return next
    }
}
