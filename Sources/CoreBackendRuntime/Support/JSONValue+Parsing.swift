import Foundation

/// A strict RFC 8259 parser straight into ``JSONValue``, for hot paths (inbound WebSocket frames).
///
/// `JSONDecoder` decoding `JSONValue` tries each type in turn and builds a `DecodingError` (with its
/// coding path) for every miss, which costs tens of microseconds for a 1 KB notification. This parser
/// returns `nil` for anything it does not accept — malformed text, duplicate object keys, lone
/// surrogate escapes, numbers that overflow `Double`, nesting deeper than ``JSONLimits/maximumNestingDepth``
/// — so callers fall back to `JSONDecoder` and keep its exact behaviour for those inputs (but never for
/// input nested too deep).
extension JSONValue {
    /// Parses `text`; `nil` if it is not JSON this parser accepts (see the type's note).
    package init?(parsing text: String) {
        var text = text
        guard let value = text.withUTF8({ JSONValue(parsingUTF8: $0) }) else { return nil }
        self = value
    }

    /// Parses a whole UTF-8 document; `nil` if it is not JSON this parser accepts (see the type's note).
    package init?(parsingUTF8 bytes: UnsafeBufferPointer<UInt8>) {
        var cursor = JSONCursor(bytes: bytes)
        guard let value = cursor.readValue(), cursor.isAtEnd() else { return nil }
        self = value
    }

    /// Decodes `text` exactly as `JSONDecoder` would, with the direct parser doing the work whenever it
    /// accepts the input; `nil` for anything `JSONDecoder` rejects.
    package init?(decoding text: String) {
        var text = text
        guard let value = text.withUTF8({ JSONValue(decodingUTF8: $0) }) else { return nil }
        self = value
    }

    /// ``init(decoding:)`` for UTF-8 bytes.
    ///
    /// Input nested deeper than ``JSONLimits/maximumNestingDepth`` is rejected (`nil`) by both paths: the
    /// direct parser counts depth, and the `JSONDecoder` fallback, whose recursion costs several KiB of
    /// stack per level, runs only after an iterative scan found the depth within the limit.
    package init?(decodingUTF8 bytes: UnsafeBufferPointer<UInt8>) {
        if let value = JSONValue(parsingUTF8: bytes) {
            self = value
            return
        }
        guard !JSONLimits.exceedsNestingDepth(bytes),
            let value = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        else { return nil }
        self = value
    }
}

extension JSONCursor {
    /// Reads the next value as a tree; `nil` for anything ``JSONValue/init(parsingUTF8:)`` declines,
    /// duplicate object keys included.
    package mutating func readValue() -> JSONValue? {
        switch peekKind() {
        case .object:
            // Members are collected first so the dictionary is allocated once, at its final size.
            var members: [(key: String, value: JSONValue)] = []
            let complete = readObject { key, cursor in
                guard let value = cursor.readValue() else { return false }
                members.append((key.value, value))
                return true
            }
            guard complete else { return nil }
            var object = [String: JSONValue](minimumCapacity: members.count)
            for (key, value) in members {
                // Duplicate keys: leave the choice to JSONDecoder.
                guard object.updateValue(value, forKey: key) == nil else { return nil }
            }
            return .object(object)
        case .array:
            var array: [JSONValue] = []
            let complete = readArray { cursor in
                guard let value = cursor.readValue() else { return false }
                array.append(value)
                return true
            }
            return complete ? .array(array) : nil
        case .string: return readString().map(JSONValue.string)
        case .number: return readNumber().map(JSONValue.number)
        case .bool: return readBool().map(JSONValue.bool)
        case .null: return readNull() ? .null : nil
        case .invalid: return nil
        }
    }
}
