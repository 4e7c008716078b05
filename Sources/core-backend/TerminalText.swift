import CoreBackendRuntime
import Foundation

/// Makes text that a server controls safe to print, and keeps secrets out of everything printed.
///
/// A server's close reason, error message or JSON string may hold escape sequences that move the
/// cursor, rewrite earlier lines, set the window title or worse. Which characters are unsafe and how
/// they are shown is the runtime's rule (`UntrustedText`): ``escape(_:)`` applies it as it is, without
/// the length cap and URL redaction the runtime's error messages add. JSON output is escaped by the
/// encoder for C0 only, so ``escapeJSON(_:)`` writes the other unsafe characters as JSON escapes.
/// Every line the CLI writes also goes through ``redact(_:)``, which replaces the bearer token
/// (as is or percent-encoded) with `…` wherever it appears.
enum TerminalText {
    /// Secrets registered by the command (the bearer token); never printed.
    private static let secrets = Locked<[String]>([])

    /// Registers `secret` so ``redact(_:)`` hides it from now on.
    static func addSecret(_ secret: String) {
        guard !secret.isEmpty else { return }
        secrets.withLock { $0.append(secret) }
    }

    /// `text` with every registered secret, as is and percent-encoded, replaced by `…`; any other text
    /// (a `key=value` in a response, say) is printed as it is.
    static func redact(_ text: String) -> String {
        secrets.withLock { Redaction.remove($0, from: text) }
    }

    /// `text` on one line with every unsafe character (`UntrustedText.isUnsafe`) shown as a visible
    /// `\u{…}` escape (`\u{1B}`, `\u{A}`, `\u{202E}`). Everything else, non-ASCII letters included,
    /// stays as it is; nothing is cut.
    static func escape(_ text: String) -> String {
        UntrustedText.escape(text)
    }

    /// JSON text with the unsafe characters the encoder leaves raw (DEL, C1, bidi controls, line and
    /// paragraph separators) written as `\uXXXX` escapes; still valid JSON for the same value. The
    /// encoder escapes C0 inside strings itself, so a raw tab, newline or carriage return is layout
    /// (pretty printing) and stays.
    static func escapeJSON(_ json: String) -> String {
        func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
            UntrustedText.isUnsafe(scalar) && scalar != "\n" && scalar != "\t" && scalar != "\r"
        }
        guard json.unicodeScalars.contains(where: needsEscape) else { return json }
        var result = ""
        for scalar in json.unicodeScalars {
            if needsEscape(scalar) {
                // Every unsafe scalar is in the BMP, so four hex digits hold it.
                let hex = String(scalar.value, radix: 16, uppercase: false)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
