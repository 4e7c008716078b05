package import Foundation

/// Limits on JSON that arrives from a peer (WebSocket frames, notification payloads, HTTP bodies).
///
/// Every JSON reader of the SDK that sees untrusted bytes enforces ``maximumNestingDepth``: the direct
/// reader (`JSONCursor`) counts depth as it goes, and every `JSONDecoder` decode of peer bytes is
/// preceded by an iterative scan that rejects deeper input before any recursive code runs. Deeper
/// input fails the way other malformed input of that path fails: a WebSocket frame is dropped (the
/// connection stays up), a notification's `data` reads as `null`, an HTTP body throws
/// ``APIError/decoding(url:codingPath:message:)``.
public enum JSONLimits {
    /// The deepest nesting of arrays and objects accepted in JSON from a peer (the top-level array or
    /// object is level 1): 32.
    ///
    /// Real MetaMask payloads nest at most 6 levels (a WebSocket frame adds 1 or 2). Parsing is recursive,
    /// so the limit is chosen against the stack of the thread that parses: a socket's reading thread
    /// has 512 KiB. Measured in a debug build at 32 levels of objects, the costliest path, `JSONDecoder`
    /// decoding a ``JSONValue`` (about 4 KiB per level), peaks at 126 KiB, and the direct reader at
    /// 67 KiB: a quarter of the stack or less, leaving room for sanitizer builds and callers' frames.
    /// Not configurable: a larger value would only trade that margin for payloads no server sends.
    public static let maximumNestingDepth = 32

    /// The message of errors for input nested deeper than `limit`.
    package static func nestingMessage(limit: Int = maximumNestingDepth) -> String {
        "JSON nested deeper than \(limit) levels"
    }

    /// Whether `bytes` nest arrays and objects deeper than `limit`, by one linear pass that tracks
    /// bracket depth outside strings (escape-aware); no recursion, no allocation.
    ///
    /// A cheap guard to run before a recursive parser (`JSONDecoder`). It does not validate: malformed
    /// input that is not too deep passes and is left to the parser to reject.
    package static func exceedsNestingDepth(_ bytes: UnsafeRawBufferPointer, limit: Int = maximumNestingDepth) -> Bool {
        var depth = 0
        var inString = false
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            index += 1
            if inString {
                if byte == UInt8(ascii: "\\") {
                    index += 1  // the escaped byte (a `"` or `\` among them)
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > limit { return true }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth = max(depth - 1, 0)
            default: break
            }
        }
        return false
    }

    /// ``exceedsNestingDepth(_:limit:)`` for `Data`.
    package static func exceedsNestingDepth(_ data: Data, limit: Int = maximumNestingDepth) -> Bool {
        data.withUnsafeBytes { exceedsNestingDepth($0, limit: limit) }
    }

    /// ``exceedsNestingDepth(_:limit:)`` for UTF-8 bytes.
    package static func exceedsNestingDepth(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int = maximumNestingDepth)
        -> Bool
    {
        exceedsNestingDepth(UnsafeRawBufferPointer(bytes), limit: limit)
    }
}

extension JSONValue {
    /// Whether the value nests arrays and objects deeper than `limit` (a top-level array or object is
    /// level 1); walks the tree with an explicit stack, so any depth is safe to check.
    package func exceedsNestingDepth(_ limit: Int = JSONLimits.maximumNestingDepth) -> Bool {
        var pending: [(value: JSONValue, depth: Int)] = [(self, 0)]
        while let (value, depth) = pending.popLast() {
            switch value {
            case .array(let elements):
                guard depth < limit else { return true }
                for element in elements { pending.append((element, depth + 1)) }
            case .object(let members):
                guard depth < limit else { return true }
                for member in members.values { pending.append((member, depth + 1)) }
            case .null, .bool, .number, .string: break
            }
        }
        return false
    }

    /// Throws `DecodingError.dataCorrupted` when the value nests deeper than ``JSONLimits/maximumNestingDepth``,
    /// for decoders that re-encode a tree and hand it to `JSONDecoder`.
    package func checkNestingDepth() throws(DecodingError) {
        guard exceedsNestingDepth() else { return }
        throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: JSONLimits.nestingMessage()))
    }

    /// Decodes `data` exactly as `JSONDecoder` would (see ``init(decodingUTF8:)``); `nil` for anything it
    /// rejects and for input nested deeper than ``JSONLimits/maximumNestingDepth``.
    package init?(decoding data: Data) {
        guard let value = data.withUnsafeBytes({ JSONValue(decodingUTF8: $0.bindMemory(to: UInt8.self)) }) else {
            return nil
        }
        self = value
    }
}
