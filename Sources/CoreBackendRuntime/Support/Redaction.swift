package import Foundation

/// Removes credentials from text that may hold a URL, before it reaches an error, a `description`,
/// a trace point or a log line.
///
/// The value of every credential-like query parameter (``credentialQueryKeys``, such as `token`,
/// also when the key is percent-encoded or stands in the fragment) becomes `…`, and so does the whole
/// user-info part of a URL (`user:pass@` and `user@` alike, since a user name can be a token too):
///
/// ```swift
/// Redaction.redact("wss://u:p@host/v1?token=abc&x=1")  // "wss://…@host/v1?token=…&x=1"
/// ```
///
/// It works on any text, not only on a single URL, so a URL embedded in a message is redacted too.
/// This is the one redaction rule of the runtime: WebSocket and HTTP errors, request descriptions,
/// traces and ``UntrustedText`` all use it.
package enum Redaction {
    /// What a redacted value is replaced with.
    package static let placeholder = "…"

    /// Query keys whose values are credentials, lower-cased; they are matched case-insensitively.
    package static let credentialQueryKeys: Set<String> = [
        "token", "access_token", "accesstoken", "id_token", "refresh_token", "auth", "auth_token", "authorization",
        "bearer", "jwt", "api_key", "apikey", "key", "secret", "client_secret", "password", "passwd", "pwd",
        "signature", "sig", "session", "sessionid",
    ]

    /// `url` as text, credentials redacted.
    package static func redact(_ url: URL) -> String {
        redact(url.absoluteString)
    }

    /// `text` with the values of credential query parameters and URL user-info replaced by `…`.
    package static func redact(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard bytes.contains(UInt8(ascii: "=")) || bytes.contains(UInt8(ascii: "@")) else { return text }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if let end = userInfoEnd(in: bytes, schemeSeparatorAt: index) {
                output += Array("://".utf8) + Array(placeholder.utf8) + [UInt8(ascii: "@")]
                index = end + 1
            } else if index == 0 || isParameterStart(bytes[index - 1]),
                let valueStart = credentialValueStart(in: bytes, keyAt: index)
            {
                output += bytes[index..<valueStart]
                var valueEnd = valueStart
                while valueEnd < bytes.count, !isValueEnd(bytes[valueEnd]) { valueEnd += 1 }
                if valueEnd > valueStart { output += Array(placeholder.utf8) }
                index = valueEnd
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// `text` redacted as by ``redact(_:)-(String)``, and every occurrence of a known secret (as is and
    /// percent-encoded) replaced by `…`, for text that might quote the secret outside a URL.
    /// Secrets shorter than 4 bytes are left alone here, so that a short value cannot wipe ordinary text.
    package static func redact(_ text: String, removing secrets: [String]) -> String {
        remove(secrets.filter { $0.utf8.count >= 4 }, from: redact(text))
    }

    /// `text` with every occurrence of each (non-empty) secret, as is and percent-encoded, replaced by
    /// `…`; nothing else changes. For output that must keep its other `key=value` text intact.
    package static func remove(_ secrets: [String], from text: String) -> String {
        var result = text
        for secret in secrets where !secret.isEmpty {
            for form in Set([secret, secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? secret]) {
                result = result.replacingOccurrences(of: form, with: placeholder)
            }
        }
        return result
    }

    /// If a credential key (percent-encoded or not) and `=` start at `index`, the index just after the `=`.
    private static func credentialValueStart(in bytes: [UInt8], keyAt index: Int) -> Int? {
        var end = index
        while end < bytes.count, end - index <= longestEncodedKey, bytes[end] != UInt8(ascii: "="),
            !isValueEnd(bytes[end])
        {
            end += 1
        }
        guard end < bytes.count, end > index, bytes[end] == UInt8(ascii: "=") else { return nil }
        let raw = String(decoding: bytes[index..<end], as: UTF8.self)
        let key = (raw.removingPercentEncoding ?? raw).lowercased()
        return credentialQueryKeys.contains(key) ? end + 1 : nil
    }

    /// The longest credential key with every byte percent-encoded (`%XX`).
    private static let longestEncodedKey = 3 * (credentialQueryKeys.map(\.utf8.count).max() ?? 0)

    /// If `index` starts `://` followed by an authority with user-info, the index of the `@` ending it.
    private static func userInfoEnd(in bytes: [UInt8], schemeSeparatorAt index: Int) -> Int? {
        guard index + 3 <= bytes.count, bytes[index] == UInt8(ascii: ":"), bytes[index + 1] == UInt8(ascii: "/"),
            bytes[index + 2] == UInt8(ascii: "/")
        else { return nil }
        var end: Int?
        var cursor = index + 3
        while cursor < bytes.count {
            let byte = bytes[cursor]
            if byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") || isValueEnd(byte) {
                break
            }
            if byte == UInt8(ascii: "@") { end = cursor }
            cursor += 1
        }
        return end
    }

    /// Bytes after which a `key=value` parameter can start: `?`, `&`, `;`, `#` (fragment parameters, as
    /// in an OAuth redirect's `#access_token=`), white space and controls.
    private static func isParameterStart(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "?") || byte == UInt8(ascii: "&") || byte == UInt8(ascii: ";")
            || byte == UInt8(ascii: "#") || byte <= 0x20
    }

    /// Bytes that end a query value inside free text: `&`, `#`, white space, controls, quotes, angle brackets.
    private static func isValueEnd(_ byte: UInt8) -> Bool {
        switch byte {
        case 0...0x20, 0x7F, UInt8(ascii: "&"), UInt8(ascii: "#"), UInt8(ascii: "\""), UInt8(ascii: "'"),
            UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "`"):
            true
        default:
            false
        }
    }
}
