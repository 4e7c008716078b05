@testable import CoreBackend
import CoreBackendRuntime
import Foundation
import Testing

/// `AccountActivityMessage(cursor:)`, the reader of the notification hot path, decodes like the
/// `Decodable` path and declines what that path must judge.
@Suite("Account activity: reading straight from the frame")
struct AccountActivityMessageReadingTests {
    static func read(_ text: String) -> AccountActivityMessage? {
        var text = text
        return text.withUTF8 { bytes in
            var cursor = JSONCursor(bytes: bytes)
            guard let message = AccountActivityMessage(cursor: &cursor), cursor.isAtEnd() else { return nil }
            return message
        }
    }

    static func decodable(_ text: String) -> AccountActivityMessage? {
        try? JSONDecoder().decode(AccountActivityMessage.self, from: Data(text.utf8))
    }

    static func text(_ json: JSONValue) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(json), as: UTF8.self)
    }

    @Test("well-formed payloads read exactly as the Decodable path decodes them")
    func agrees() throws {
        var texts = [try Self.text(activityNotification(address: "0xabc"))]
        // Loose forms: numbers as strings, amounts as numbers, nulls, unknown fields, escapes, whitespace.
        texts.append(#"""
            { "extra": {"x": [1, {"y": null}]}, "address" : "0x\u0061bc",
              "tx": {"id":"0x1","chain":"eip155:1","status":"reorged","timestamp":"1760099871.5","from":"0xf","to":"0xt","gas":7},
              "updates": [
                {"asset":{"fungible":false,"type":"eip155:1/erc721:0x1","unit":"N\"FT","decimals":"0","logo":null},
                 "postBalance":{"amount":1e20,"error":"stale"},"transfers":null},
                {"asset":{"fungible":true,"type":"eip155:1/slip44:60","unit":"ETH","decimals":18},
                 "postBalance":{"amount":12345,"error":null},
                 "transfers":[{"from":"0xa","to":"0xb","amount":2.5}]}
              ] }
            """#)
        texts.append(#"{"address":"0xabc","tx":{"id":"1","chain":"c","status":"confirmed","timestamp":1,"from":"f","to":"t"}}"#)
        texts.append(#"{"address":"0xabc","tx":{"id":"1","chain":"c","status":"failed","timestamp":1,"from":"f","to":"t"},"updates":null}"#)
        for text in texts {
            let read = try #require(Self.read(text), "\(text)")
            #expect(read == Self.decodable(text), "\(text)")
        }
    }

    @Test("missing, null or mistyped fields and repeated fields are declined (the tree paths judge them)", arguments: [
        #"{"address":"0xabc"}"#,
        #"{"address":null,"tx":{"id":"1","chain":"c","status":"s","timestamp":1,"from":"f","to":"t"}}"#,
        #"{"address":"0xabc","tx":{"id":"1","chain":"c","status":"s","timestamp":true,"from":"f","to":"t"}}"#,
        #"{"address":"0xabc","tx":{"id":"1","chain":"c","status":"s","timestamp":"soon","from":"f","to":"t"}}"#,
        #"{"address":"0xabc","tx":{"id":"1","chain":"c","status":"s","timestamp":1,"from":"f"}}"#,
        #"{"address":"0xabc","tx":{"id":"1","chain":"c","status":"s","timestamp":1,"from":"f","to":"t"},"updates":{}}"#,
        #"{"address":"0xabc","tx":{"id":"1","chain":"c","status":"s","timestamp":1,"from":"f","to":"t"},"updates":[{"asset":{"fungible":true,"type":"t","unit":"u","decimals":1.5},"postBalance":{"amount":"1"}}]}"#,
        #"{"address":"0xabc","tx":{"id":"1","chain":"c","status":"s","timestamp":1,"from":"f","to":"t"},"updates":[{"asset":{"fungible":true,"type":"t","unit":"u","decimals":1},"postBalance":{"amount":null}}]}"#,
        #"{"address":"0xabc","tx":{"id":"1","chain":"c","status":"s","timestamp":1,"from":"f","to":"t"},"updates":[{"asset":{"fungible":true,"type":"t","unit":"u","decimals":1},"postBalance":{"amount":"1"},"transfers":[{"from":"a","to":"b"}]}]}"#,
        #"{"address":"0xabc","address":"0xdef","tx":{"id":"1","chain":"c","status":"s","timestamp":1,"from":"f","to":"t"}}"#,
        #"{"address":"0xabc","tx":{"id":"1","id":"2","chain":"c","status":"s","timestamp":1,"from":"f","to":"t"}}"#,
        #"{"address":"0xabc","tx":{"id":"1","chain":"c","status":"s","timestamp":1,"from":"f","to":"t"},"updates":[],"updates":[]}"#,
        #"{"address":"0xabc","tx":{"id":"1","chain":"c","status":"s","timestamp":1,"from":"f","to":"t"},"updates":[{"asset":{"fungible":true,"type":"t","unit":"u","decimals":1},"postBalance":{"amount":"1","error":5}}]}"#,
        #"{"address":"0xabc","tx":{"id":"1","chain":"c","status":"s","timestamp":1,"from":"f","to":"t"},"updates":[{"asset":{"fungible":"yes","type":"t","unit":"u","decimals":1},"postBalance":{"amount":"1"}}]}"#,
        #"{"address":"0xabc","tx":{"id":"1","chain":"c","status":"s","timestamp":1,"from":"f","to":"t"},"updates":[{"asset":{"fungible":true,"type":"t","unit":"u","decimals":1},"postBalance":{"amount":"1"},"transfers":{}}]}"#,
        #"[]"#, #"{"address":"0xabc","tx":{"id":"1","chain":"c","status":"s","timestamp":1,"from":"f","to":"t"},}"#,
    ])
    func declines(_ text: String) {
        #expect(Self.read(text) == nil)
    }

    @Test("a repeated field still decodes through the tree path, as JSONDecoder decides")
    func repeatedFieldFallsBack() throws {
        let text = #"{"address":"0xabc","address":"0xdef","tx":{"id":"1","chain":"c","status":"s","timestamp":1,"from":"f","to":"t"}}"#
        let notification = ServerNotificationMessage(
            event: "notification", channel: "c",
            data: try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)))
        let message = try AccountActivityMessage(json: notification.data)
        #expect(message == Self.decodable(text))
    }
}
