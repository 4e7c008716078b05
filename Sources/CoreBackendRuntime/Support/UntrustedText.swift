/// Makes text a peer controls (a status line, a header value, a close reason) safe to put into an
/// error message or onto a terminal.
///
/// This is the one definition of which characters are unsafe (``isUnsafe(_:)``: C0, DEL, C1,
/// bidirectional marks, embeddings, overrides and isolates, line/paragraph separators) and of how
/// they are shown (``escape(_:)``: a visible `\u{…}` escape), so a hostile server cannot move the
/// cursor, recolour a terminal, reorder what a reader sees or fake extra log lines. The runtime's
/// errors use ``sanitize(_:maximumLength:)``, which also cuts the text to a maximum length and
/// redacts credential query values (``Redaction``), since a server may echo the request URL back;
/// the `core-backend` CLI escapes everything it prints from a server with ``escape(_:)``.
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
        let scalars = text.unicodeScalars
        let kept = scalars.prefix(max(0, maximumLength))
        var result = escape(String(String.UnicodeScalarView(kept)))
        if kept.endIndex < scalars.endIndex { result += "…" }
        return Redaction.redact(result)
    }

    /// `text` on one line with every unsafe character (``isUnsafe(_:)``) written as a visible escape,
    /// `\u{` hexadecimal `}` (`"\u{1B}[2J\n"` becomes `\u{1B}[2J\u{A}`); everything else, non-ASCII
    /// letters and emoji included, stays as it is. No length cap, no redaction.
    package static func escape(_ text: some StringProtocol) -> String {
        guard text.unicodeScalars.contains(where: isUnsafe) else { return String(text) }
        var result = ""
        for scalar in text.unicodeScalars {
            if isUnsafe(scalar) {
                result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Whether `scalar` can change how a terminal shows the text around it: C0 (tab and newline
    /// included), DEL, C1 (ESC, CSI, …), the bidirectional marks, embeddings, overrides and isolates
    /// (which reorder what a reader sees), and the line and paragraph separators. Every such scalar is
    /// in the Basic Multilingual Plane.
    package static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true  // C0, DEL, C1 (ESC, CSI, …)
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true  // bidirectional marks and overrides
        case 0x2028, 0x2029: true  // line and paragraph separators
        default: false
        }
    }
}
