import CoreBackendRuntime
import Foundation

/// Builds the socket URL: the configured URL with its `token` query parameter set to the bearer token,
/// serialised as a WHATWG URL would (`ws://localhost:8080` + `abc` → `ws://localhost:8080/?token=abc`).
struct BackendWebSocketURL: Sendable {
    private let components: URLComponents

    /// Accepts only absolute `ws://` / `wss://` URLs with a host and, if given, a port in 1…65535
    /// (upstream failed later, or got stuck in `connecting` for an unsupported scheme; an overflowing
    /// port would otherwise silently become 80/443).
    init?(_ string: String) {
        guard let components = URLComponents(string: string),
            let scheme = components.scheme?.lowercased(), scheme == "ws" || scheme == "wss",
            let host = components.host, !host.isEmpty,
            WebSocketURL.explicitPort(in: string) != .some(nil)
        else { return nil }
        self.components = components
    }

    /// The URL carrying `token`, replacing any existing `token` parameter and keeping the others.
    /// The URL as configured (empty path as `/`), for connections without a token.
    var anonymous: URL {
        var components = components
        if components.percentEncodedPath.isEmpty { components.percentEncodedPath = "/" }
        return components.url!  // swiftlint:disable:this force_unwrapping — valid components stay valid
    }

    func authenticated(token: String) -> URL {
        var components = components
        if components.percentEncodedPath.isEmpty { components.percentEncodedPath = "/" }
        var pairs = (components.percentEncodedQuery ?? "").split(separator: "&").map { pair -> (String, String) in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (Self.formDecode(parts[0]), parts.count > 1 ? Self.formDecode(parts[1]) : "")
        }
        pairs.removeAll { $0.0 == "token" }
        pairs.append(("token", token))
        components.percentEncodedQuery = pairs.map { "\(Self.formEncode($0.0))=\(Self.formEncode($0.1))" }.joined(
            separator: "&")
        return components.url!  // swiftlint:disable:this force_unwrapping — valid components stay valid
    }

    /// application/x-www-form-urlencoded: `*-._` and ASCII alphanumerics stay, space becomes `+`.
    /// WHATWG form encoding, shared with the HTTP query strings.
    static func formEncode(_ text: String) -> String {
        var result = ""
        QueryString.formEncode(text, into: &result)
        return result
    }

    private static func formDecode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
