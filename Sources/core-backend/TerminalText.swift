@_spi(CoreBackendInternal) import CoreBackendRuntime
import Foundation

/// Makes text that a server controls safe to print, and keeps secrets out of everything printed.
///
/// A server's close reason, error message or JSON string may hold escape sequences that move the
/// cursor, rewrite earlier lines, set the window title or worse; ``escape(_:)`` shows every control
/// character as a visible escape instead. JSON output is escaped by the encoder for C0 only, so
/// ``escapeJSON(_:)`` adds DEL, C1 and the bidirectional controls. Every line the CLI writes also goes
/// through ``redact(_:)``, which replaces the bearer token with `…` wherever it appears.
enum TerminalText {
    /// Secrets registered by the command (the bearer token); never printed.
    private static let secrets = Locked<[String]>([])

    /// Registers `secret` so ``redact(_:)`` hides it from now on.
    static func addSecret(_ secret: String) {
        guard !secret.isEmpty else { return }
        secrets.withLock { $0.append(secret) }
    }

    /// `text` with every registered secret replaced by `…`.
    static func redact(_ text: String) -> String {
        secrets.withLock { secrets in
            secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: "…") }
        }
    }

    /// Whether `scalar` must not reach a terminal raw: C0 (tab and newline included), DEL, C1, and the
    /// bidirectional embedding, override and isolate controls (which reorder what a reader sees).
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// `text` on one line with control characters escaped: `\n`, `\r`, `\t`, `\\x1B` (C0 and DEL) and
    /// `\\u{9B}` (C1, bidi controls). Everything else, non-ASCII letters included, stays as it is.
    static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            guard isControl(scalar) else {
                result.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                result +=
                    scalar.value < 0x80
                    ? "\\x" + (hex.count < 2 ? "0" + hex : hex) : "\\u{" + hex + "}"
            }
        }
        return result
    }

    /// JSON text with the control characters the encoder leaves raw (DEL, C1, bidi) written as `\uXXXX`
    /// escapes; still valid JSON for the same value. The encoder escapes C0 inside strings itself, so a
    /// raw tab, newline or carriage return is layout (pretty printing) and stays.
    static func escapeJSON(_ json: String) -> String {
        func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
            isControl(scalar) && scalar != "\n" && scalar != "\t" && scalar != "\r"
        }
        guard json.unicodeScalars.contains(where: needsEscape) else { return json }
        var result = ""
        for scalar in json.unicodeScalars {
            if needsEscape(scalar) {
                let hex = String(scalar.value, radix: 16, uppercase: false)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
