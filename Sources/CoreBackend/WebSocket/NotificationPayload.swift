import CoreBackendRuntime

/// The `data` of a ``ServerNotificationMessage``: a value, or a validated span of a frame's text
/// decoded on first read.
enum NotificationPayload: Sendable {
    case value(JSONValue)
    case text(JSONText)

    var value: JSONValue {
        switch self {
        case .value(let value): value
        case .text(let text): text.value
        }
    }
}

/// A span of a frame's text that holds one JSON value the cursor validated; its ``JSONValue`` is
/// built once, on first read, by the same parser (and fallback) the whole frame would have used.
final class JSONText: Sendable {
    private let text: String
    private let range: Range<Int>
    private let parsed = Locked<JSONValue?>(nil)

    init(text: String, range: Range<Int>) {
        self.text = text
        self.range = range
    }

    func withCursor<Result>(_ body: (inout JSONCursor) -> Result?) -> Result? {
        let range = range
        func run(_ utf8: UnsafeBufferPointer<UInt8>) -> Result? {
            var cursor = JSONCursor(bytes: UnsafeBufferPointer(rebasing: utf8[range]))
            return body(&cursor)
        }
        if let result = text.utf8.withContiguousStorageIfAvailable(run) { return result }
        return Array(text.utf8).withUnsafeBufferPointer(run)  // not native UTF-8 (a bridged string)
    }

    var value: JSONValue {
        if let value = parsed.withLock({ $0 }) { return value }
        let value = withCursor { JSONValue(decodingUTF8: $0.bytes) } ?? .null
        parsed.withLock { $0 = value }
        return value
    }
}
