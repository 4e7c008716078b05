import Foundation

/// Removes credentials from a URL before it goes into an error, a description or a log line.
///
/// The password of the user info becomes `…` (`https://user:…@host/`), and so does the value of every
/// query parameter named `token` or `access_token` (`?token=…`), the names bearer tokens travel under.
/// Works on text, so it also redacts strings that do not parse as a URL.
package enum URLRedaction {
    /// Query parameter names whose values are secrets (compared case-insensitively).
    package static let secretParameters: Set<String> = ["token", "access_token"]

    /// `url` with its secrets replaced by `…`.
    package static func redact(_ url: String) -> String {
        var text = Substring(url)
        var fragment: Substring = ""
        if let hash = text.firstIndex(of: "#") {
            fragment = text[hash...]
            text = text[..<hash]
        }
        var query: Substring?
        if let question = text.firstIndex(of: "?") {
            query = text[text.index(after: question)...]
            text = text[..<question]
        }
        var result = redactUserInfo(text)
        if let query {
            result +=
                "?"
                + query.split(separator: "&", omittingEmptySubsequences: false).map(redactPair).joined(separator: "&")
        }
        return result + fragment
    }

    private static func redactUserInfo(_ text: Substring) -> String {
        guard let schemeEnd = text.range(of: "://") else { return String(text) }
        let authorityStart = schemeEnd.upperBound
        let authorityEnd = text[authorityStart...].firstIndex(of: "/") ?? text.endIndex
        let authority = text[authorityStart..<authorityEnd]
        guard let at = authority.lastIndex(of: "@") else { return String(text) }
        let userInfo = authority[..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return String(text) }
        return String(text[..<colon]) + ":…" + String(text[at...])
    }

    private static func redactPair(_ pair: Substring) -> Substring {
        guard let equals = pair.firstIndex(of: "=") else { return pair }
        let name = pair[..<equals]
        let decoded = (name.removingPercentEncoding ?? String(name)).lowercased()
        return secretParameters.contains(decoded) ? pair[...equals] + "…" : pair
    }
}
