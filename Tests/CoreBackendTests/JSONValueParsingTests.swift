import CoreBackend
import CoreBackendRuntime
import Foundation
import Testing

/// The direct JSON parser of the notification hot path agrees with `JSONDecoder` and declines what it
/// does not handle (the caller then falls back to `JSONDecoder`).
@Suite("JSONValue(parsing:) matches JSONDecoder")
struct JSONValueParsingTests {
    static func decoded(_ text: String) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    @Test(
        "valid documents parse to the same value as JSONDecoder",
        arguments: [
            #"{"a":1,"b":[true,false,null],"c":{"d":"e"}}"#,
            #"  [ 1 , -0 , 0.5, -2.5e3, 1E-2, 123456789012345678901234 ]  "#,
            #""plain""#, #""esc \" \\ \/ \b \f \n \r \t \u00e9 \ud83d\ude00 end""#, "true", "null", "42", "[]", "{}",
            #"{"nested":{"deep":[[[{"x":[]}]]]}}"#, #"{"ünï":"cödé ✓"}"#, "9007199254740993", "0.1",
            "1.7976931348623157e308",
        ])
    func agrees(_ text: String) throws {
        let parsed = try #require(JSONValue(parsing: text))
        #expect(parsed == Self.decoded(text))
    }

    @Test(
        "invalid JSON is rejected",
        arguments: [
            "", "{", "01", "1.", ".5", "+1", "1e", "tru", "nul", "\"unterminated",
            "\"bad \\x escape\"", "\"ctl \u{01}\"", "{\"a\" 1}", "[1 2]", "{} x", "\"\\u12\"", "NaN", "-",
        ])
    func rejects(_ text: String) {
        #expect(JSONValue(parsing: text) == Optional<JSONValue>.none)
        #expect(Self.decoded(text) == Optional<JSONValue>.none)
    }

    @Test(
        "declined inputs are left to JSONDecoder: trailing commas, duplicate keys, lone surrogates, overflowing numbers"
    )
    func declines() {
        // JSONDecoder tolerates trailing commas; the strict parser declines and the fallback keeps that.
        #expect(JSONValue(parsing: "[1,]") == Optional<JSONValue>.none)
        #expect(Self.decoded("[1,]") == [1])
        #expect(JSONValue(parsing: #"{"a":1,}"#) == Optional<JSONValue>.none)
        #expect(JSONValue(parsing: #"{"a":1,"a":2}"#) == Optional<JSONValue>.none)
        #expect(JSONValue(parsing: #""\ud800""#) == Optional<JSONValue>.none)
        #expect(JSONValue(parsing: #""\udc00x""#) == Optional<JSONValue>.none)
        #expect(JSONValue(parsing: "1e400") == Optional<JSONValue>.none)
        #expect(
            JSONValue(parsing: String(repeating: "[", count: 600) + String(repeating: "]", count: 600))
                == Optional<JSONValue>.none)
    }

    @Test("the account-activity fast path decodes like the Decodable path")
    func accountActivityFastPath() throws {
        var variants = [activityNotification(address: "0xabc")]
        var loose = activityNotification(address: "0xabc")
        if case .object(var object) = loose, case .object(var tx)? = object["tx"] {
            tx["timestamp"] = "1760099871"
            object["tx"] = .object(tx)
            object["updates"] = [
                [
                    "asset": ["fungible": false, "type": "eip155:1/erc721:0x1", "unit": "NFT", "decimals": "0"],
                    "postBalance": ["amount": 1e20, "error": "stale"], "transfers": .null,
                ]
            ]
            loose = .object(object)
        }
        variants.append(loose)
        for json in variants {
            let fast = try AccountActivityMessage(json: json)
            let slow = try JSONDecoder().decode(AccountActivityMessage.self, from: JSONEncoder().encode(json))
            #expect(fast == slow)
        }
        #expect(throws: AccountActivityDecodingError.self) { try AccountActivityMessage(json: ["address": "0xabc"]) }
    }
}
