import CoreBackend
import CoreBackendRuntime

/// The inbound frame reader and the notification readers on one text frame (only valid UTF-8 reaches
/// them: the assembler rejects the rest with 1007).
///
/// Invariants: the one-pass frame reader accepts exactly the frames whose tree is an object, and for the
/// common shape (a string `channel` at the top) it reads the same fields as the tree; reading an
/// account-activity payload straight from the frame gives what reading its tree gives (the tree is
/// written out and read by the same reader, so this checks that round trip and the fallback for
/// repeated fields).
enum AccountActivityFuzzing {
    static func run(_ bytes: UnsafeRawBufferPointer) throws(FuzzFailure) {
        guard let text = UTF8Validation.string(bytes) else { return }
        let message = ServerNotificationMessage(frame: text)
        let tree = JSONValue(decoding: text)
        try check(
            (message != nil) == (tree?.objectValue != nil),
            "frame reader gives \(brief(message)) for a tree \(brief(tree))")
        guard let message else { return }
        if case .object(let top)? = tree, let channel = top["channel"]?.stringValue {
            let expected = ServerNotificationMessage(
                event: top["event"]?.stringValue ?? "", subscriptionId: top["subscriptionId"]?.stringValue,
                channel: channel, data: top["data"] ?? .null, timestamp: top["timestamp"]?.numberValue)
            try check(message == expected, "frame reader \(brief(message)) != tree \(brief(expected))")
        }
        let fromFrame = try? AccountActivityMessage(notification: message)
        let fromTree = try? AccountActivityMessage(json: message.data)
        try check(
            fromFrame == fromTree, "activity from the frame \(brief(fromFrame)) != from the tree \(brief(fromTree))")
        _ = try? SystemNotification(message)
    }
}
