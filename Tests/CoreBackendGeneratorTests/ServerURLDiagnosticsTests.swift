import Foundation
import Testing

@testable import CoreBackendGenerator

/// `servers[0].url` becomes `URL(string: "…")!` in the generated client, so every form that would trap
/// (or that no operation path could follow) is a `file: JSON-pointer: message` diagnostic instead.
@Suite("Server URL diagnostics")
struct ServerURLDiagnosticsTests {
    private static let validServers = #""servers": [ { "url": "https://test.example.com" } ],"#

    /// The fixture's diagnostics with its `servers` member replaced by `servers` (a member and a comma, or "").
    private func diagnostics(servers: String) -> [String] {
        let json = SpecFixture().json.replacingOccurrences(of: Self.validServers, with: servers)
        #expect(json != SpecFixture().json || servers == Self.validServers)
        return diagnosticLines(json)
    }

    /// The one diagnostic for a first server whose url is the JSON value `url`.
    private func diagnostics(url: String) -> [String] {
        diagnostics(servers: #""servers": [ { "url": \#(url) } ],"#)
    }

    // Without servers the client's `baseURL` argument has no default (checked by the snippet tests).
    @Test func missingServers() {
        #expect(diagnostics(servers: "") == [])
    }

    @Test func serversNotAnArray() {
        #expect(
            diagnostics(servers: #""servers": { "url": "https://x.example.com" },"#) == [
                "Specs/test.json: /servers: expected an array of servers, found an object"
            ])
    }

    @Test func noServers() {
        #expect(diagnostics(servers: #""servers": [],"#) == [])
    }

    @Test func missingURL() {
        #expect(
            diagnostics(servers: #""servers": [ { "description": "prod" } ],"#) == [
                "Specs/test.json: /servers/0/url: missing required string"
            ])
    }

    @Test func urlNotAString() {
        #expect(diagnostics(url: "42") == ["Specs/test.json: /servers/0/url: expected a string, found a number"])
    }

    @Test func emptyURL() {
        #expect(
            diagnostics(url: #""""#) == [
                "Specs/test.json: /servers/0/url: empty server URL: expected an absolute http or https URL such as https://api.example.com"
            ])
    }

    // Relative, scheme-less and non-http(s) URLs: the client could not send a request to them.
    @Test(arguments: [
        "/v1", "api.example.com", "ftp://files.example.com", "https:/one-slash.example.com", "wss://x.example.com",
    ])
    func notAbsoluteHTTP(url: String) {
        #expect(
            diagnostics(url: "\"\(url)\"") == [
                "Specs/test.json: /servers/0/url: expected an absolute http or https URL such as https://api.example.com, found '\(url)'"
            ])
    }

    // Characters URL(string:) rejects are reported by code point, so no raw control character is printed.
    @Test func disallowedCharacters() {
        #expect(
            diagnostics(url: #""https://exa mple.com""#) == [
                "Specs/test.json: /servers/0/url: U+0020 is not allowed in a URL; percent-encode it"
            ])
        #expect(
            diagnostics(url: #""https://x.example.com/\u0007""#) == [
                "Specs/test.json: /servers/0/url: U+0007 is not allowed in a URL; percent-encode it"
            ])
        #expect(
            diagnostics(url: #""https://hôte.example.com""#) == [
                "Specs/test.json: /servers/0/url: U+00F4 is not allowed in a URL; percent-encode it"
            ])
        #expect(
            diagnostics(url: #""https://x.example.com/a%zz""#) == [
                "Specs/test.json: /servers/0/url: '%' must start a percent escape such as %20 in a URL"
            ])
    }

    // Forms with a valid scheme whose structure cannot be a base URL.
    @Test(arguments: [
        ("https://", "a missing host in 'https://'"),
        ("https:///v1", "a missing host in 'https:///v1'"),
        ("https://:8080", "a missing host in 'https://:8080'"),
        (
            "https://user:secret@x.example.com",
            "a server URL cannot carry user info, found 'https://user:secret@x.example.com'"
        ),
        ("https://x.example.com:99999", "a port that is not a number from 0 to 65535 in 'https://x.example.com:99999'"),
        ("https://x.example.com:", "a port that is not a number from 0 to 65535 in 'https://x.example.com:'"),
        ("https://x.example.com:8a", "a port that is not a number from 0 to 65535 in 'https://x.example.com:8a'"),
        (
            "https://x.example.com?v=1",
            "a server URL cannot have a query or fragment (operation paths are appended to it), found 'https://x.example.com?v=1'"
        ),
        (
            "https://x.example.com/#top",
            "a server URL cannot have a query or fragment (operation paths are appended to it), found 'https://x.example.com/#top'"
        ),
        (
            "https://x!.example.com",
            "a host that is not letters, digits, '-', '.', '_' or '~' in 'https://x!.example.com'"
        ),
        ("https://[::1", "an unclosed IPv6 address in 'https://[::1'"),
        ("https://[zz]", "a malformed IPv6 address in 'https://[zz]'"),
        ("https://[::1]x", "text after an IPv6 address in 'https://[::1]x'"),
        (
            "https://x.example.com/[a]",
            "'[' and ']' must be percent-encoded in a path, found 'https://x.example.com/[a]'"
        ),
    ])
    func malformed(url: String, message: String) {
        #expect(diagnostics(url: "\"\(url)\"") == ["Specs/test.json: /servers/0/url: \(message)"])
    }

    // Everything accepted is what Foundation parses as an absolute http(s) URL with a host, so the
    // generated `URL(string:)!` cannot trap; and the generated client holds exactly that string.
    @Test(arguments: [
        "https://test.example.com", "http://127.0.0.1:8080", "https://x.example.com/base/", "HTTPS://X.EXAMPLE.COM",
        "https://[::1]:443/api", "https://x.example.com/a%20b/c:d@e!$&'()*+,;=~_-.", "http://localhost:0",
    ])
    func accepted(url: String) throws {
        #expect(baseURLProblem(url) == nil)
        let parsed = try #require(URL(string: url))
        #expect(["http", "https"].contains(parsed.scheme?.lowercased()) && parsed.host?.isEmpty == false)
        let json = SpecFixture().json.replacingOccurrences(
            of: Self.validServers, with: #""servers": [ { "url": "\#(url)" } ],"#)
        let swift = try Generator.generate(specData: Array(json.utf8), file: fixtureFile)
        #expect(swift.contains("public static let defaultBaseURL = URL(string: \"\(url)\")!"))
    }

    // A cross-check over many near-miss strings: whatever the generator accepts, Foundation parses.
    @Test func acceptedImpliesFoundationParses() {
        let pieces = [
            "http", "https", "://", ":/", "x.example.com", "[::1]", ":80", ":", "/", "/p", "%2F", "%", "@", "?", "#",
            " ", "é", "[", "]",
        ]
        var candidates = [""]
        for _ in 0..<4 { candidates = candidates.flatMap { prefix in pieces.map { prefix + $0 } } }
        let accepted = candidates.filter { baseURLProblem($0) == nil }
        for candidate in accepted {
            let parsed = URL(string: candidate)
            #expect(parsed != nil && parsed?.host?.isEmpty == false, "accepted but Foundation disagrees: \(candidate)")
        }
        let checked = accepted.count
        #expect(checked > 10)
    }
}
