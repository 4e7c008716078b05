/// Why `url` cannot be a generated client's base URL, or `nil` when it can.
///
/// The generated client holds `URL(string: "<servers[0].url>")!` and appends operation paths to it, so
/// only what Foundation parses as an absolute `http`/`https` URL with a host passes, and nothing a path
/// cannot follow: printable ASCII that RFC 3986 allows (anything else percent-encoded), no user info, a
/// port of at most 65535, no query or fragment. Pure and Foundation-free, like the rest of the generator.
func baseURLProblem(_ url: String) -> String? {
    let example = "expected an absolute http or https URL such as https://api.example.com"
    guard !url.isEmpty else { return "empty server URL: \(example)" }
    if let problem = characterProblem(url) { return problem }
    let scheme = url.prefix { $0 != ":" }
    guard ["http", "https"].contains(scheme.lowercased()), url[scheme.endIndex...].hasPrefix("://") else {
        return "\(example), found '\(url)'"
    }
    let rest = url[scheme.endIndex...].dropFirst(3)
    if rest.contains("?") || rest.contains("#") {
        return "a server URL cannot have a query or fragment (operation paths are appended to it), found '\(url)'"
    }
    let authority = rest.prefix { $0 != "/" }
    let path = rest[authority.endIndex...]
    if authority.contains("@") { return "a server URL cannot carry user info, found '\(url)'" }
    if path.contains("[") || path.contains("]") {
        return "'[' and ']' must be percent-encoded in a path, found '\(url)'"
    }
    return authorityProblem(authority).map { "\($0) in '\(url)'" }
}

/// The first character no URL allows unescaped, or a `%` not followed by two hex digits.
private func characterProblem(_ url: String) -> String? {
    let scalars = Array(url.unicodeScalars)
    for (index, scalar) in scalars.enumerated() {
        guard urlScalars.contains(scalar) else {
            let hex = String(scalar.value, radix: 16, uppercase: true)
            let code = String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            return "U+\(code) is not allowed in a URL; percent-encode it"
        }
        if scalar == "%" {
            let digits = scalars.dropFirst(index + 1).prefix(2)
            guard digits.count == 2, digits.allSatisfy({ $0.properties.isASCIIHexDigit }) else {
                return "'%' must start a percent escape such as %20 in a URL"
            }
        }
    }
    return nil
}

/// What is wrong with `host[:port]`, or `nil`.
private func authorityProblem(_ authority: Substring) -> String? {
    var host = authority
    var port: Substring?
    if authority.hasPrefix("[") {
        guard let close = authority.firstIndex(of: "]") else { return "an unclosed IPv6 address" }
        host = authority[authority.index(after: authority.startIndex)..<close]
        let after = authority[authority.index(after: close)...]
        if !after.isEmpty {
            guard after.hasPrefix(":") else { return "text after an IPv6 address" }
            port = after.dropFirst()
        }
        guard host.contains(":"), host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
            return "a malformed IPv6 address"
        }
    } else {
        if let colon = authority.firstIndex(of: ":") {
            host = authority[..<colon]
            port = authority[authority.index(after: colon)...]
        }
        guard !host.isEmpty else { return "a missing host" }
        guard host.unicodeScalars.allSatisfy({ hostScalars.contains($0) }) else {
            return "a host that is not letters, digits, '-', '.', '_' or '~'"
        }
    }
    if let port,
        !(1...5).contains(port.count) || !port.allSatisfy({ $0.isASCII && $0.isNumber }) || (Int(port) ?? .max) > 65_535
    {
        return "a port that is not a number from 0 to 65535"
    }
    return nil
}

/// RFC 3986's unreserved characters: all a host name may use here.
private let hostScalars = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".unicodeScalars)
/// Unreserved, reserved and `%`: every character a URL may hold unescaped.
private let urlScalars = hostScalars.union(":/?#[]@!$&'()*+,;=%".unicodeScalars)
