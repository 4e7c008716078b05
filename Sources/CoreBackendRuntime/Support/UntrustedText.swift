/// Makes text a peer controls (a status line, a header value) safe to put into an error message.
///
/// Control characters (C0, DEL, C1), bidirectional overrides and line/paragraph separators become
/// visible `\u{…}` escapes, so a hostile server cannot move the cursor, recolour a terminal or fake
/// extra log lines; the result is cut to a maximum length, and credential query values are
/// redacted (``Redaction``), since a server may echo the request URL back.
///
/// ```swift
/// UntrustedText.sanitize("HTTP/1.1 200 \u{1B}[2J")  // "HTTP/1.1 200 \\u{1B}[2J"
/// ```
package enum UntrustedText {
    /// The default maximum length, in characters, of sanitised text (before the trailing `…`).
    package static let defaultMaximumLength = 200

    /// `text` with unsafe characters escaped, credentials redacted, and at most `maximumLength`
    /// characters kept (`…` marks a cut).
    package static func sanitize(_ text: some StringProtocol, maximumLength: Int = defaultMaximumLength) -> String {
        var result = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count >= maximumLength {
                result += "…"
                break
            }
            if isUnsafe(scalar) {
                result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return Redaction.redact(result)
    }

    /// Whether `scalar` can change how a terminal shows the text around it.
    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true  // C0, DEL, C1 (ESC, CSI, …)
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true  // bidirectional marks and overrides
        case 0x2028, 0x2029: true  // line and paragraph separators
        default: false
        }
    }
}
