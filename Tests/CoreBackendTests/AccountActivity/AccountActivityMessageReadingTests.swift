import CoreBackendRuntime
import Foundation
import Testing

@testable import CoreBackend

/// The rules of the account-activity schema, in one table: every form accepted (with what it reads
/// as) and every form declined (with the field and reason reported). Each row goes through every way
/// in — the reader itself, a notification frame, a `JSONValue` tree and `JSONDecoder` — which must all
/// give the row's answer, since they all end in the one reader.
@Suite("Account activity: the reading rules")
struct AccountActivityMessageReadingTests {
    typealias Message = AccountActivityMessage
    enum Outcome: Equatable, CustomStringConvertible {
        case message(Message)
        case error(String)
        case unusual  // the reader alone: JSONDecoder's tree decides

        var description: String {
            switch self {
            case .message(let message): "\(message)"
            case .error(let text): text
            case .unusual: "unusual"
            }
        }
    }

    static let tx = #""tx":{"id":"1","chain":"c","status":"s","timestamp":1,"from":"f","to":"t"}"#
    static let plainTx = Message.Transaction(id: "1", chain: "c", status: "s", timestamp: 1, from: "f", to: "t")
    static func asset(_ decimals: String) -> String {
        #""asset":{"fungible":true,"type":"t","unit":"u","decimals":\#(decimals)}"#
    }
    static let plainAsset = Message.Asset(fungible: true, type: "t", unit: "u", decimals: 1)

    static let accepted: [(String, Message)] = [
        (
            #"{"address":"0xabc","tx":{"id":"0x1","chain":"eip155:8453","status":"confirmed","timestamp":1760099871,"from":"0xf","to":"0xt"},"updates":[{"asset":{"fungible":true,"type":"eip155:8453/erc20:0x8","unit":"USDC","decimals":6},"postBalance":{"amount":"0xc350"},"transfers":[{"from":"0xf","to":"0xt","amount":"0xc350"}]}]}"#,
            Message(
                address: "0xabc",
                tx: .init(
                    id: "0x1", chain: "eip155:8453", status: .confirmed, timestamp: 1_760_099_871, from: "0xf",
                    to: "0xt"),
                updates: [
                    .init(
                        asset: .init(fungible: true, type: "eip155:8453/erc20:0x8", unit: "USDC", decimals: 6),
                        postBalance: .init(amount: "0xc350"),
                        transfers: [.init(from: "0xf", to: "0xt", amount: "0xc350")])
                ])
        ),
        // Loose forms: numbers as strings, amounts as numbers, nulls, unknown fields, escapes, whitespace.
        (
            #"""
            { "extra": {"x": [1, {"y": null}]}, "address" : "0x\u0061bc",
              "tx": {"id":"0x1","chain":"eip155:1","status":"reorged","timestamp":"1760099871.5","from":"0xf","to":"0xt","gas":7},
              "updates": [
                {"asset":{"fungible":false,"type":"eip155:1/erc721:0x1","unit":"N\"FT","decimals":"0","logo":null},
                 "postBalance":{"amount":1e20,"error":"stale"},"transfers":null},
                {"asset":{"fungible":true,"type":"eip155:1/slip44:60","unit":"ETH","decimals":18},
                 "postBalance":{"amount":12345,"error":null},
                 "transfers":[{"from":"0xa","to":"0xb","amount":2.5}]}
              ] }
            """#,
            Message(
                address: "0xabc",
                tx: .init(
                    id: "0x1", chain: "eip155:1", status: "reorged", timestamp: 1_760_099_871.5, from: "0xf", to: "0xt"),
                updates: [
                    .init(
                        asset: .init(fungible: false, type: "eip155:1/erc721:0x1", unit: #"N"FT"#, decimals: 0),
                        postBalance: .init(amount: "1e+20", error: "stale")),
                    .init(
                        asset: .init(fungible: true, type: "eip155:1/slip44:60", unit: "ETH", decimals: 18),
                        postBalance: .init(amount: "12345"), transfers: [.init(from: "0xa", to: "0xb", amount: "2.5")]),
                ])
        ),
        (#"{"address":"a",\#(tx)}"#, Message(address: "a", tx: plainTx, updates: [])),
        (#"{"address":"a",\#(tx),"updates":null}"#, Message(address: "a", tx: plainTx, updates: [])),
        (#"{"updates":[],\#(tx),"address":"a"}"#, Message(address: "a", tx: plainTx, updates: [])),
        (
            #"{"address":"a","tx":{"id":"1","chain":"c","status":"failed","timestamp":"1e3","from":"f","to":"t"}}"#,
            Message(
                address: "a", tx: .init(id: "1", chain: "c", status: .failed, timestamp: 1000, from: "f", to: "t"),
                updates: [])
        ),
        (
            #"{"address":"a",\#(tx),"updates":[{\#(asset(#""1e1""#)),"postBalance":{"amount":1.5e300}}]}"#,
            Message(
                address: "a", tx: plainTx,
                updates: [
                    .init(
                        asset: .init(fungible: true, type: "t", unit: "u", decimals: 10),
                        postBalance: .init(amount: "1.5e+300"))
                ])
        ),
        (
            #"{"address":"a",\#(tx),"updates":[{\#(asset("-0.0")),"postBalance":{"amount":9007199254740993},"transfers":[]}]}"#,
            Message(
                address: "a", tx: plainTx,
                updates: [
                    .init(
                        asset: .init(fungible: true, type: "t", unit: "u", decimals: 0),
                        postBalance: .init(amount: "9007199254740992"))
                ])
        ),
        (
            #"{"address":"a",\#(tx),"updates":[{"postBalance":{"error":null,"amount":-0},\#(asset("1")),"transfers":[{"amount":"7","to":"b","from":"a","x":{}}]}]}"#,
            Message(
                address: "a", tx: plainTx,
                updates: [
                    .init(
                        asset: plainAsset, postBalance: .init(amount: "0"),
                        transfers: [.init(from: "a", to: "b", amount: "7")])
                ])
        ),
    ]

    static let declined: [(String, String)] = [
        (#"{"address":"0xabc"}"#, "tx missing"),
        (#"{\#(tx)}"#, "address missing"),
        (#"{"address":null,\#(tx)}"#, "address null"),
        (#"{"address":5,"tx":5}"#, "address not a String"),
        (#"{"updates":5,"tx":{"id":5},"address":null}"#, "address null"),  // declaration order, not text order
        (#"{"tx":5,"address":"a"}"#, "tx not a Dictionary<String, Any>"),
        (#"{"address":"a","tx":null}"#, "tx null"),
        (#"{"address":"a","tx":[]}"#, "tx not a Dictionary<String, Any>"),
        (
            #"{"address":"a","tx":{"id":"1","chain":"c","status":5,"timestamp":1,"from":"f","to":"t"}}"#,
            "tx.status not a String"
        ),
        (
            #"{"address":"a","tx":{"id":"1","chain":"c","status":null,"timestamp":1,"from":"f","to":"t"}}"#,
            "tx.status null"
        ),
        (
            #"{"address":"a","tx":{"id":"1","chain":"c","status":"s","timestamp":true,"from":"f","to":"t"}}"#,
            "tx.timestamp not a String"
        ),
        (
            #"{"address":"a","tx":{"id":"1","chain":"c","status":"s","timestamp":[],"from":"f","to":"t"}}"#,
            "tx.timestamp not a String"
        ),
        (
            #"{"address":"a","tx":{"id":"1","chain":"c","status":"s","timestamp":null,"from":"f","to":"t"}}"#,
            "tx.timestamp null"
        ),
        (
            #"{"address":"a","tx":{"id":"1","chain":"c","status":"s","timestamp":"soon","from":"f","to":"t"}}"#,
            "tx.timestamp not a number: soon"
        ),
        (
            #"{"address":"a","tx":{"id":"1","chain":"c","status":"s","timestamp":" 1","from":"f","to":"t"}}"#,
            "tx.timestamp not a number:  1"
        ),
        (#"{"address":"a","tx":{"id":"1","chain":"c","status":"s","timestamp":1,"from":"f"}}"#, "tx.to missing"),
        (#"{"address":"a",\#(tx),"updates":{}}"#, "updates not a Array<Any>"),
        (#"{"address":"a",\#(tx),"updates":5}"#, "updates not a Array<Any>"),
        (#"{"address":"a",\#(tx),"updates":"x"}"#, "updates not a Array<Any>"),
        (#"{"address":"a",\#(tx),"updates":[5]}"#, "updates.0 not a Dictionary<String, Any>"),
        (#"{"address":"a",\#(tx),"updates":[null]}"#, "updates.0 null"),
        (
            #"{"address":"a",\#(tx),"updates":[{"asset":5,"postBalance":{"amount":"1"}}]}"#,
            "updates.0.asset not a Dictionary<String, Any>"
        ),
        (
            #"{"address":"a",\#(tx),"updates":[{\#(asset("1")),"postBalance":5}]}"#,
            "updates.0.postBalance not a Dictionary<String, Any>"
        ),
        (
            #"{"address":"a",\#(tx),"updates":[{"asset":{"fungible":"yes","type":"t","unit":"u","decimals":1},"postBalance":{"amount":"1"}}]}"#,
            "updates.0.asset.fungible not a Bool"
        ),
        (
            #"{"address":"a",\#(tx),"updates":[{"asset":{"fungible":1,"type":"t","unit":"u","decimals":1},"postBalance":{"amount":"1"}}]}"#,
            "updates.0.asset.fungible not a Bool"
        ),
        (
            #"{"address":"a",\#(tx),"updates":[{\#(asset("1.5")),"postBalance":{"amount":"1"}}]}"#,
            "updates.0.asset.decimals Expected an integer, found 1.5"
        ),
        (
            #"{"address":"a",\#(tx),"updates":[{\#(asset("1e19")),"postBalance":{"amount":"1"}}]}"#,
            "updates.0.asset.decimals Expected an integer, found 1e+19"
        ),
        (
            #"{"address":"a",\#(tx),"updates":[{\#(asset(#""x""#)),"postBalance":{"amount":"1"}}]}"#,
            "updates.0.asset.decimals not a number: x"
        ),
        (
            #"{"address":"a",\#(tx),"updates":[{\#(asset("null")),"postBalance":{"amount":"1"}}]}"#,
            "updates.0.asset.decimals null"
        ),
        (
            #"{"address":"a",\#(tx),"updates":[{\#(asset("1")),"postBalance":{"amount":null}}]}"#,
            "updates.0.postBalance.amount null"
        ),
        (
            #"{"address":"a",\#(tx),"updates":[{\#(asset("1")),"postBalance":{"amount":true}}]}"#,
            "updates.0.postBalance.amount not a Double"
        ),
        (
            #"{"address":"a",\#(tx),"updates":[{\#(asset("1")),"postBalance":{"amount":{}}}]}"#,
            "updates.0.postBalance.amount not a Double"
        ),
        (
            #"{"address":"a",\#(tx),"updates":[{\#(asset("1")),"postBalance":{"amount":"1","error":5}}]}"#,
            "updates.0.postBalance.error not a String"
        ),
        (
            #"{"address":"a",\#(tx),"updates":[{\#(asset("1")),"postBalance":{"amount":"1"},"transfers":{}}]}"#,
            "updates.0.transfers not a Array<Any>"
        ),
        (
            #"{"address":"a",\#(tx),"updates":[{\#(asset("1")),"postBalance":{"amount":"1"},"transfers":[5]}]}"#,
            "updates.0.transfers.0 not a Dictionary<String, Any>"
        ),
        (
            #"{"address":"a",\#(tx),"updates":[{\#(asset("1")),"postBalance":{"amount":"1"},"transfers":[{"from":"a","to":"b"}]}]}"#,
            "updates.0.transfers.0.amount missing"
        ),
        (
            #"{"address":"a",\#(tx),"updates":[{\#(asset("1")),"postBalance":{"amount":"1"},"transfers":[{"from":"a","to":"b","amount":"1"},{"from":null}]}]}"#,
            "updates.0.transfers.1.from null"
        ),
        (
            #"{"address":"a",\#(tx),"updates":[{\#(asset("1")),"postBalance":{"amount":"1"}},{"asset":{}},{"asset":5}]}"#,
            "updates.1.asset.fungible missing"
        ),
        ("[]", "data not a Dictionary<String, Any>"),
        ("5", "data not a Dictionary<String, Any>"),
        (#""x""#, "data not a Dictionary<String, Any>"),
        ("null", "data null"),
    ]

    /// What the reader alone makes of `text`.
    static func read(_ text: String) -> Outcome {
        var text = text
        return text.withUTF8 { bytes in
            var cursor = JSONCursor(bytes: bytes)
            switch Message.read(document: &cursor) {
            case .success(let message)?: return .message(message)
            case .failure(let error)?: return .error(error.description)
            case nil: return .unusual
            }
        }
    }

    /// What each public way in makes of `text`: a notification frame, a tree, `JSONDecoder`.
    static func publicOutcomes(_ text: String) throws -> [String: Outcome] {
        func outcome(_ body: () throws -> Message) -> Outcome {
            do {
                return .message(try body())
            } catch let error as AccountActivityDecodingError {
                return .error(error.description)
            } catch let error as DecodingError {
                return .error(AccountActivityDecodingError(error).description)
            } catch {
                return .error("unexpected \(error)")
            }
        }
        let notification = try #require(ServerNotificationMessage(frame: #"{"channel":"c","data":\#(text)}"#))
        let tree = try #require(JSONValue(decoding: text))
        return [
            "frame": outcome { try Message(notification: notification) },
            "tree": outcome { try Message(json: tree) },
            "decodable": outcome { try JSONDecoder().decode(Message.self, from: Data(text.utf8)) },
        ]
    }

    @Test("accepted forms read as the table says, on every path", arguments: accepted)
    func accepts(_ text: String, _ expected: Message) throws {
        #expect(Self.read(text) == .message(expected))
        for (path, outcome) in try Self.publicOutcomes(text) {
            #expect(outcome == .message(expected), "\(path)")
        }
    }

    @Test("declined forms report the field and reason the table says, on every path", arguments: declined)
    func declines(_ text: String, _ reason: String) throws {
        let expected = Outcome.error("Invalid account activity notification: \(reason)")
        #expect(Self.read(text) == expected)
        for (path, outcome) in try Self.publicOutcomes(text) {
            #expect(outcome == expected, "\(path)")
        }
    }

    @Test(
        "a repeated field is unusual to the reader; every public path then agrees with JSONDecoder's tree",
        arguments: [
            #"{"address":"0xabc","address":"0xdef",\#(tx)}"#,
            #"{"address":"0xabc","tx":{"id":"1","id":"2","chain":"c","status":"s","timestamp":1,"from":"f","to":"t"}}"#,
            #"{"address":"0xabc",\#(tx),"updates":[],"updates":[]}"#,
            #"{"address":5,"address":"0xabc",\#(tx)}"#,
            #"{"address":"a",\#(tx),}"#,  // a trailing comma, which JSONDecoder accepts
        ])
    func unusual(_ text: String) throws {
        #expect(Self.read(text) == .unusual)
        let outcomes = try Self.publicOutcomes(text)
        #expect(Set(outcomes.values.map(\.description)).count == 1, "\(outcomes)")
    }

    @Test("the nested types decode by the same rules, with the coding path to the field")
    func nestedDecodable() throws {
        let transfers = try JSONDecoder().decode(
            [Message.Transfer].self, from: Data(#"[{"from":"a","to":"b","amount":5}]"#.utf8))
        #expect(transfers == [.init(from: "a", to: "b", amount: "5")])
        let error = #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(
                [Message.Transfer].self, from: Data(#"[{"from":"a","to":"b","amount":"1"},{"from":"a"}]"#.utf8))
        }
        #expect(error.map { AccountActivityDecodingError($0).path } == "1.to")
    }

    @Test("a tree holding a number JSON cannot carry is reported, not trapped on")
    func nonFiniteTree() {
        let error = #expect(throws: AccountActivityDecodingError.self) {
            try Message(json: ["address": "a", "tx": ["timestamp": .number(.infinity)]])
        }
        #expect(error?.path == "")
    }
}
