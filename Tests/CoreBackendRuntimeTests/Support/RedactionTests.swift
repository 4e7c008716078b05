import Foundation
import Testing

@testable import CoreBackendRuntime

/// `Redaction`, the one rule that keeps credentials out of errors, descriptions, traces and logs (the
/// WebSocket connect path and the HTTP requester both use it). Pure functions.
@Suite("Redaction")
struct RedactionTests {
    @Test(arguments: [
        ("wss://h/v1?token=abc", "wss://h/v1?token=…"),
        ("wss://h/v1?x=1&token=abc&y=2", "wss://h/v1?x=1&token=…&y=2"),
        ("wss://h/v1?TOKEN=abc#frag", "wss://h/v1?TOKEN=…#frag"),
        ("ws://u:p@h:8080/?access_token=a&api_key=b&apikey=c", "ws://…@h:8080/?access_token=…&api_key=…&apikey=…"),
        ("ws://user@h/", "ws://…@h/"),
        ("failed: ws://h/?token=abc (timeout)", "failed: ws://h/?token=… (timeout)"),
        ("token=abc", "token=…"),
        ("GET /v1?token=a%20b HTTP/1.1", "GET /v1?token=… HTTP/1.1"),
        ("\"ws://h/?token=abc\"", "\"ws://h/?token=…\""),
        ("wss://h/v1?tokens=keep&mytoken=keep", "wss://h/v1?tokens=keep&mytoken=keep"),
        ("wss://h/v1?token=", "wss://h/v1?token="),
        ("mail a@b, x=1", "mail a@b, x=1"),
        ("no credentials here", "no credentials here"),
        // Formerly `URLRedaction`'s cases (HTTP). Where the two disagreed, the safer answer stands: the
        // whole user-info goes (`…@`, not `user:…@`), since a user name alone can carry a token.
        ("wss://h/v1?token=abc&x=1", "wss://h/v1?token=…&x=1"),
        ("https://u:p@h:1/p?TOKEN=a#f", "https://…@h:1/p?TOKEN=…#f"),
        ("https://u@h/p", "https://…@h/p"),
        ("https://h/p?tokenAddress=1&access_token=z", "https://h/p?tokenAddress=1&access_token=…"),
        ("not a url ?token=x", "not a url ?token=…"),
        // Percent-encoded keys are matched decoded (`URLRedaction` did this; now `Redaction` does too).
        ("https://h/p?%74oken=abc&x=1", "https://h/p?%74oken=…&x=1"),
        ("https://h/p?ACCESS%5FTOKEN=abc", "https://h/p?ACCESS%5FTOKEN=…"),
        // Parameters in the fragment (an OAuth redirect) are redacted too.
        ("https://h/cb#access_token=abc&state=1", "https://h/cb#access_token=…&state=1"),
    ])
    func redactionHidesCredentialValues(input: String, expected: String) {
        // Query values of credential keys and URL user-info become `…`; everything else stays.
        #expect(Redaction.redact(input) == expected)
    }

    @Test func redactionRemovesKnownSecretsAnywhere() {
        // A known secret is removed even outside a query, raw or percent-encoded.
        let text = Redaction.redact("bad token s3cr3t+/x (s3cr3t%2B%2Fx)", removing: ["s3cr3t+/x"])
        #expect(text == "bad token … (…)")
        #expect(Redaction.redact(URL(string: "ws://h/?token=zz")!) == "ws://h/?token=…")
        // Too short to remove blindly from a message.
        #expect(Redaction.redact("abc", removing: ["abc"]) == "abc")
    }

    @Test func removeTouchesOnlyTheSecrets() {
        // `remove` (the CLI's output filter) leaves other `key=value` text alone and takes any non-empty secret.
        #expect(Redaction.remove(["s3+x", ""], from: "key=v s3+x s3%2Bx") == "key=v … …")
        #expect(Redaction.remove(["ab"], from: "ab cd") == "… cd")
    }
}
