import CoreBackendRuntime

/// The top-level fields of a frame that routing reads, taken in one validating pass over its text:
/// the only reader of these fields (the tree path writes its tree out and comes back here). The
/// decoded values are settable so the message can take them out without copying.
struct BackendWebSocketInboundFields {
    /// `event`, when it is a string.
    var event: String?
    /// The kind of the `subscriptionId` value; `nil` when the key is absent.
    private(set) var subscriptionIdKind: JSONCursor.Kind?
    /// `subscriptionId`, when it is a string.
    var subscriptionId: String?
    /// `channel`, when it is a string.
    var channel: String?
    /// The kind of the `timestamp` value; `nil` when the key is absent.
    private(set) var timestampKind: JSONCursor.Kind?
    /// `timestamp`, when it is a number.
    private(set) var timestamp: Double?
    /// Where `data`'s value sits in the text.
    private(set) var data: Range<Int>?
    /// `data.requestId` when `data` is an object with that key (its value may be null).
    var requestId: JSONValue?
    /// Whether `data` is an object with a `channel` key: maybe the wrapped shape.
    private(set) var dataHasChannelKey = false
    private var seen = JSONFieldSet()

    /// No fields read yet.
    init() {}

    /// Reads a whole frame into these (empty) fields, in place; `false` for anything but an object, and
    /// for unusual text: a repeated routing key or `requestId`, or JSON the strict cursor declines
    /// (`JSONDecoder` decides those).
    mutating func read(_ text: String) -> Bool {
        if let complete = text.utf8.withContiguousStorageIfAvailable({ read(bytes: $0) }) { return complete }
        var text = text  // not contiguous UTF-8 (bridged): made so
        return text.withUTF8 { read(bytes: $0) }
    }

    private mutating func read(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var cursor = JSONCursor(bytes: bytes)
        return cursor.readObject({ key, cursor in read(key, &cursor) }) && cursor.isAtEnd()
    }

    @inline(__always)
    private mutating func read(_ key: JSONKey, _ cursor: inout JSONCursor) -> Bool {
        guard let field = Field(key) else { return cursor.skipValue() }
        guard seen.insert(field.rawValue) else { return false }  // repeated: JSONDecoder decides
        let kind = cursor.peekKind()
        switch field {
        case .event: return Self.read(kind == .string, into: &event, &cursor) { $0.readString() }
        case .subscriptionId:
            subscriptionIdKind = kind
            return Self.read(kind == .string, into: &subscriptionId, &cursor) { $0.readString() }
        case .channel: return Self.read(kind == .string, into: &channel, &cursor) { $0.readString() }
        case .timestamp:
            timestampKind = kind
            return Self.read(kind == .number, into: &timestamp, &cursor) { $0.readNumber() }
        case .data: return readData(&cursor, kind)
        }
    }

    /// Reads the value into `value` when it is of the kind the field wants; skips it otherwise.
    @inline(__always)
    private static func read<Value>(
        _ wanted: Bool, into value: inout Value?, _ cursor: inout JSONCursor, _ read: (inout JSONCursor) -> Value?
    ) -> Bool {
        guard wanted else { return cursor.skipValue() }
        value = read(&cursor)
        return value != nil
    }

    /// Validates `data`, keeping its span, its `requestId` and whether it names a channel.
    private mutating func readData(_ cursor: inout JSONCursor, _ kind: JSONCursor.Kind) -> Bool {
        let start = cursor.index  // at the value: peekKind skipped the whitespace
        if kind == .object {
            var hasRequestId = false
            let complete = cursor.readObject { key, cursor in
                if key.matches("requestId") {
                    guard !hasRequestId else { return false }
                    hasRequestId = true
                    requestId = cursor.readValue()
                    return requestId != nil
                }
                if key.matches("channel") { dataHasChannelKey = true }
                return cursor.skipValue()
            }
            guard complete else { return false }
        } else {
            guard cursor.skipValue() else { return false }
        }
        data = start..<cursor.index
        return true
    }

    /// The top-level keys routing reads.
    private enum Field: Int {
        case event, subscriptionId, channel, timestamp, data

        @inline(__always)
        init?(_ key: JSONKey) {
            if key.matches("channel") {
                self = .channel
            } else if key.matches("data") {
                self = .data
            } else if key.matches("event") {
                self = .event
            } else if key.matches("subscriptionId") {
                self = .subscriptionId
            } else if key.matches("timestamp") {
                self = .timestamp
            } else {
                return nil
            }
        }
    }
}
