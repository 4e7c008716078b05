import CoreBackendRuntime
import Foundation
import Testing

@testable import CoreBackend

/// The one-pass read of inbound frames gives what a full parse gives, leaves `data` as text until it is
/// read, and reads everything unusual again after `JSONDecoder` has parsed and written it out.
@Suite("Inbound frames: one-pass read")
struct BackendWebSocketInboundMessageTests {
    /// What the frame means when parsed whole with JSONDecoder and unwrapped as §3.3 says.
    struct Expected: Equatable {
        var event: String?
        var hasSubscriptionIdKey: Bool
        var subscriptionId: String?
        var channel: String?
        var timestamp: Double?
        var data: JSONValue?
        var requestId: JSONValue?

        init(_ message: BackendWebSocketInboundMessage) {
            event = message.event
            hasSubscriptionIdKey = message.hasSubscriptionIdKey
            subscriptionId = message.subscriptionId
            channel = message.channel
            timestamp = message.timestamp
            data = message.payload?.value
            requestId = message.responseRequestId
        }

        init(decoding text: String) throws {
            let top = try #require(try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)).objectValue)
            let object = Self.unwrapped(top)
            event = object["event"]?.stringValue
            hasSubscriptionIdKey = object["subscriptionId"] != nil
            subscriptionId = object["subscriptionId"]?.stringValue
            channel = object["channel"]?.stringValue
            timestamp = object["timestamp"]?.numberValue
            data = object["data"]
            requestId = object["data"]?.objectValue?["requestId"]
        }

        /// §3.3 step 3 on the whole tree, as the reference words it (the receive-time stamp aside).
        static func unwrapped(_ top: [String: JSONValue]) -> [String: JSONValue] {
            if top["channel"]?.stringValue != nil { return top }
            guard case .object(let wrapped)? = top["data"], let channel = wrapped["channel"]?.stringValue else {
                return top
            }
            var message = top
            message["channel"] = .string(channel)
            if top["subscriptionId"] == nil || top["subscriptionId"] == .null {
                message["subscriptionId"] = wrapped["subscriptionId"] ?? .null
            }
            if top["timestamp"] == nil || top["timestamp"] == .null {
                message["timestamp"] = wrapped["timestamp"]?.numberValue.map(JSONValue.number)
            }
            let candidate = ["data", "payload", "message", "activity"].lazy.compactMap { wrapped[$0] }.first {
                $0 != .null
            }
            switch candidate {
            case .object?, .array?: message["data"] = candidate
            default: message["data"] = .object(wrapped)
            }
            return message
        }
    }

    @Test(
        "frames read in one pass mean what JSONDecoder says they mean",
        arguments: [
            #"{"event":"notification","subscriptionId":"sub-1","channel":"account-activity.v1.eip155:0:0xabc","timestamp":1760099872150,"data":{"address":"0xabc","n":[1,2.5,{"x":null}]}}"#,
            #"  { "channel" : "c" , "data" : [ 1 , "two" ] , "extra" : { "deep" : [ [ ] ] } }  "#,
            #"{"channel":"c","subscriptionId":null,"event":7,"timestamp":"soon","data":"text"}"#,
            #"{"channel":"c","data":{"requestId":"r-1","result":{"subscriptionId":"s"}}}"#,
            #"{"channel":"c","data":{"requestId":null}}"#,
            #"{"channel":"c\u002Ed","data":{"s":"esc \" \\ \n \u00e9 \ud83d\ude00"},"event":"n\u00f6tification"}"#,
            #"{"channel":"c","data":{"dup":1,"dup":2}}"#,
            #"{"channel":"c"}"#,
        ])
    func agreesWithDecoder(_ text: String) throws {
        let message = try #require(BackendWebSocketInboundMessage(text: text))
        #expect(Expected(message) == (try Expected(decoding: text)))
    }

    @Test("data stays text until read, and is read once")
    func dataIsLazy() throws {
        let text = #"{"event":"notification","channel":"c","data":{"address":"0xabc","list":[1,2,3]}}"#
        let message = try #require(BackendWebSocketInboundMessage(text: text))
        guard case .text? = message.payload else {
            Issue.record("expected the payload to be kept as text")
            return
        }
        let notification = message.notification(receivedAt: 0)
        let typed = notification.withPayloadCursor { cursor -> String? in
            var address: String?
            let complete = cursor.readObject { key, cursor in
                if key.matches("address") {
                    address = cursor.readString()
                    return address != nil
                }
                return cursor.skipValue()
            }
            return complete ? address : nil
        }
        #expect(typed == "0xabc")
        #expect(notification.data == ["address": "0xabc", "list": [1, 2, 3]])
        #expect(notification.data == notification.data)
        // Equal to, and hashing like, the same message built from a value.
        let eager = ServerNotificationMessage(event: "notification", channel: "c", data: notification.data)
        #expect(notification == eager)
        #expect(notification.hashValue == eager.hashValue)
        // Setting data replaces the text.
        var changed = notification
        changed.data = "replaced"
        #expect(changed.data == "replaced")
        #expect(changed.withPayloadCursor { $0.readString() } == nil)
        #expect(notification.data != changed.data)
    }

    @Test(
        "unusual frames take the tree path with the same result",
        arguments: [
            // Duplicate routing keys: JSONDecoder decides.
            #"{"channel":"a","channel":"b","data":{}}"#,
            #"{"channel":"c","data":{"requestId":"1","requestId":"2"}}"#,
            // Trailing commas: JSONDecoder accepts them.
            #"{"channel":"c","data":[1,],}"#,
            // Lone surrogates: JSONDecoder decides.
            #"{"channel":"c","data":"\ud800"}"#,
        ])
    func unusualFrames(_ text: String) throws {
        let expected = try? Expected(decoding: text)
        let message = BackendWebSocketInboundMessage(text: text)
        #expect(message.map(Expected.init) == expected)
    }

    @Test("the wrapped shape is unwrapped as before")
    func wrappedShape() throws {
        let text = #"{"event":"notification","data":{"channel":"c","subscriptionId":"s","data":{"x":1}}}"#
        let message = try #require(BackendWebSocketInboundMessage(text: text))
        #expect(message.channel == "c")
        #expect(message.subscriptionId == "s")
        #expect(message.notification(receivedAt: 99).timestamp == 99)  // no timestamp: the receive time
        #expect(message.payload?.value == ["x": 1])
        let stamped = try #require(
            BackendWebSocketInboundMessage(
                text: #"{"event":"notification","data":{"channel":"c","timestamp":5,"data":{}}}"#))
        #expect(stamped.notification(receivedAt: 99).timestamp == 5)
        // The plain shape never takes the receive time.
        let plain = try #require(BackendWebSocketInboundMessage(text: #"{"channel":"c","data":{}}"#))
        #expect(plain.notification(receivedAt: 99).timestamp == nil)
    }

    @Test(
        "the wrapped shape means what the reference's unwrapping of JSONDecoder's tree says",
        arguments: [
            #"{"event":"notification","data":{"channel":"c","subscriptionId":"s","data":{"x":1}}}"#,
            #"{"event":"e","subscriptionId":null,"timestamp":null,"data":{"channel":"c","subscriptionId":"s","timestamp":5,"payload":[1]}}"#,
            #"{"subscriptionId":"top","timestamp":"soon","data":{"channel":"c","subscriptionId":"s","timestamp":5,"message":{"a":1}}}"#,
            #"{"subscriptionId":7,"data":{"channel":"c","timestamp":"5","payload":"scalar","message":{"hidden":true}}}"#,
            #"{"channel":5,"data":{"channel":"c","data":null,"activity":{"requestId":"r"}}}"#,
            #"{"data":{"channel":"c","requestId":"r","subscriptionId":5}}"#,
            #"{"data":{"channel":5,"data":{}}}"#,
            #"{"data":{"requestId":"r","result":{}}}"#,
            #"{"event":"x","data":{"channel":"c","channel":"d","data":{}}}"#,
            #"{"channel":"a","channel":"b","data":{"channel":"c"}}"#,
        ])
    func wrappedShapes(_ text: String) throws {
        let message = try #require(BackendWebSocketInboundMessage(text: text))
        #expect(Expected(message) == (try Expected(decoding: text)))
    }

    @Test(
        "non-objects and malformed frames are dropped",
        arguments: [
            "[]", "\"x\"", "42", "", "{", #"{"channel":"c","data":{"a":}}"#, #"{"channel":"c","data":1e400}"#,
            #"{"channel":"c"} trailing"#,
        ])
    func dropped(_ text: String) {
        #expect(BackendWebSocketInboundMessage(text: text) == nil)
    }

    @Test(
        "account channels are recognised without Foundation string search",
        arguments: [
            ("account-activity.v1.eip155:0:0xabc", true), ("x.account-activity", true),
            ("prefix.solana:5eykt:addr", true),
            ("market-data.v1.eip155:8453/erc20:0x1.1m.usd", false), ("account-activit", false), ("", false),
        ])
    func accountChannels(_ channel: String, _ isAccount: Bool) throws {
        let message = try #require(BackendWebSocketInboundMessage(text: #"{"channel":"\#(channel)"}"#))
        #expect(message.isAccountChannel == isAccount)
    }
}
