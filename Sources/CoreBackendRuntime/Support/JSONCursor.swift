/// A strict RFC 8259 reader over UTF-8 bytes that decodes values in place, for hot paths that want a few
/// fields of a document (or a typed model) without building a ``JSONValue`` tree.
///
/// Every `read…`/`skip…` method starts at the value under the cursor (leading whitespace is skipped),
/// consumes it, and returns `nil`/`false` without a defined position on anything it does not accept:
/// malformed text, lone surrogate escapes, numbers that overflow `Double`, nesting deeper than
/// ``maximumDepth``. It does not detect duplicate object keys; callers that care track the keys they read.
/// The bytes must be valid UTF-8 (they come from a `String`).
@usableFromInline package struct JSONCursor {
    /// The document.
    @usableFromInline package let bytes: UnsafeBufferPointer<UInt8>
    /// The offset of the next unread byte.
    @usableFromInline package var index: Int
    @usableFromInline var depth = 0

    /// Arrays and objects nested deeper than this are rejected: ``JSONLimits/maximumNestingDepth``, which
    /// keeps the reader's own recursion far within the stack of the thread that reads a frame.
    @usableFromInline package static let maximumDepth = JSONLimits.maximumNestingDepth

    /// A cursor at `index` of `bytes`.
    @inlinable package init(bytes: UnsafeBufferPointer<UInt8>, index: Int = 0) {
        self.bytes = bytes
        self.index = index
    }

    /// What the next value is, judged by its first byte.
    @usableFromInline package enum Kind {
        /// `{`.
        case object
        /// `[`.
        case array
        /// `"`.
        case string
        /// `-` or a digit.
        case number
        /// `t` or `f`.
        case bool
        /// `n`.
        case null
        /// Anything else, or the end of the text.
        case invalid
    }

    /// The kind of the next value (skips whitespace; consumes nothing else).
    @inlinable @inline(__always) package mutating func peekKind() -> Kind {
        skipWhitespace()
        guard index < bytes.count else { return .invalid }
        switch bytes[index] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        default: return .invalid
        }
    }

    /// Whether only whitespace is left.
    @inlinable @inline(__always) package mutating func isAtEnd() -> Bool {
        skipWhitespace()
        return index == bytes.count
    }

    // MARK: - Scalars

    /// A string value.
    @inlinable @inline(__always) package mutating func readString() -> String? {
        guard peekKind() == .string else { return nil }
        return scanString()?.value
    }

    /// A number value (always a `Double`, as in JavaScript).
    @inlinable @inline(__always) package mutating func readNumber() -> Double? {
        guard peekKind() == .number else { return nil }
        return scanNumber()
    }

    /// A `true` or `false` value.
    @inlinable @inline(__always) package mutating func readBool() -> Bool? {
        guard peekKind() == .bool else { return nil }
        if literal("true") { return true }
        if literal("false") { return false }
        return nil
    }

    /// Consumes a `null`; `false` (consuming nothing but whitespace) for anything else.
    @inlinable @inline(__always) package mutating func readNull() -> Bool {
        peekKind() == .null && literal("null")
    }

    // MARK: - Containers

    /// Reads an object, calling `member` for each member with its key and the cursor at its value;
    /// `member` must consume the value (or skip it) and return `true`, or return `false` to fail.
    @inlinable @inline(__always) package mutating func readObject(_ member: (JSONKey, inout JSONCursor) -> Bool) -> Bool
    {
        guard peekKind() == .object, enter() else { return false }
        defer { depth -= 1 }
        index += 1  // {
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return true
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\""), let key = scanString() else { return false }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return false }
            index += 1
            guard member(key, &self) else { return false }
            skipWhitespace()
            guard index < bytes.count else { return false }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                return true
            default: return false
            }
        }
    }

    /// Reads an array, calling `element` with the cursor at each element; `element` must consume it
    /// and return `true`, or return `false` to fail.
    @inlinable @inline(__always) package mutating func readArray(_ element: (inout JSONCursor) -> Bool) -> Bool {
        guard peekKind() == .array, enter() else { return false }
        defer { depth -= 1 }
        index += 1  // [
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return true
        }
        while true {
            guard element(&self) else { return false }
            skipWhitespace()
            guard index < bytes.count else { return false }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                return true
            default: return false
            }
        }
    }

    /// Validates and skips one value of any kind without decoding its strings.
    @inlinable package mutating func skipValue() -> Bool {
        switch peekKind() {
        case .object: readObject { _, cursor in cursor.skipValue() }
        case .array: readArray { cursor in cursor.skipValue() }
        case .string: scanString() != nil
        case .number: scanNumber() != nil
        case .bool: readBool() != nil
        case .null: literal("null")
        case .invalid: false
        }
    }

    // MARK: - Lexing

    @inlinable @inline(__always) mutating func enter() -> Bool {
        depth += 1
        guard depth <= Self.maximumDepth else {
            depth -= 1
            return false
        }
        return true
    }

    @inlinable @inline(__always) mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    @inlinable @inline(__always) mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard bytes.count - index >= count else { return false }
        let start = word.utf8Start
        for offset in 0..<count where bytes[index + offset] != start[offset] { return false }
        index += count
        return true
    }

    /// A string starting at the opening quote, validated; its text is decoded on demand (``JSONKey/value``).
    @usableFromInline mutating func scanString() -> JSONKey? {
        index += 1  // "
        let start = index
        index = Self.plainPrefixEnd(bytes, from: index)
        guard index < bytes.count else { return nil }
        let byte = bytes[index]
        if byte == UInt8(ascii: "\"") {
            let raw = UnsafeBufferPointer(rebasing: bytes[start..<index])
            index += 1
            return JSONKey(raw: raw, escaped: nil)
        }
        // Not an escape: a control character, which JSON forbids in strings.
        guard byte == UInt8(ascii: "\\"), let text = scanEscapedString(from: start) else { return nil }
        return JSONKey(raw: UnsafeBufferPointer(rebasing: bytes[start..<index - 1]), escaped: text)
    }

    /// The offset of the first `"`, `\` or control character at or after `start` (or the end), eight
    /// bytes at a time while none is in sight.
    @usableFromInline static func plainPrefixEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = bytes.baseAddress else { return start }
        var index = start
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        while bytes.count - index >= 8 {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            // Per byte: zero (after the xor) or below 0x20 sets that byte's high bit.
            let special =
                ((quote &- ones) & ~quote | (backslash &- ones) & ~backslash | (word &- ones &* 0x20) & ~word) & highs
            if special != 0 { break }
            index += 8
        }
        while index < bytes.count {
            let byte = base[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { return index }
            index += 1
        }
        return index
    }

    @usableFromInline mutating func scanEscapedString(from start: Int) -> String? {
        var buffer = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: buffer, as: UTF8.self)
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { return nil }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(escape)
                case UInt8(ascii: "b"): buffer.append(0x08)
                case UInt8(ascii: "f"): buffer.append(0x0C)
                case UInt8(ascii: "n"): buffer.append(0x0A)
                case UInt8(ascii: "r"): buffer.append(0x0D)
                case UInt8(ascii: "t"): buffer.append(0x09)
                case UInt8(ascii: "u"):
                    guard let unit = hex4() else { return nil }
                    var scalar: Unicode.Scalar?
                    if (0xD800...0xDBFF).contains(unit) {
                        guard bytes.count - index >= 6, bytes[index] == UInt8(ascii: "\\"),
                            bytes[index + 1] == UInt8(ascii: "u")
                        else { return nil }
                        index += 2
                        guard let low = hex4(), (0xDC00...0xDFFF).contains(low) else { return nil }
                        scalar = Unicode.Scalar(0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00))
                    } else {
                        scalar = Unicode.Scalar(UInt32(unit))  // nil for a lone low surrogate
                    }
                    guard let scalar else { return nil }
                    buffer.append(contentsOf: Array(String(Character(scalar)).utf8))
                default: return nil
                }
            default:
                if byte < 0x20 { return nil }
                buffer.append(byte)
                index += 1
            }
        }
        return nil
    }

    @usableFromInline mutating func hex4() -> UInt16? {
        guard bytes.count - index >= 4 else { return nil }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, finite as a `Double`.
    @usableFromInline mutating func scanNumber() -> Double? {
        let start = index
        var negative = false
        if bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        guard index < bytes.count, isDigit(bytes[index]) else { return nil }
        var integer: UInt64 = 0
        var digits = 0
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            digits = 1
        } else {
            while index < bytes.count, isDigit(bytes[index]) {
                if digits < 18 { integer = integer * 10 + UInt64(bytes[index] - UInt8(ascii: "0")) }
                digits += 1
                index += 1
            }
        }
        var isInteger = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { return nil }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard index < bytes.count, isDigit(bytes[index]) else { return nil }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if isInteger, digits <= 15 {
            // Exactly representable: no rounding question.
            let magnitude = Double(integer)
            return negative ? -magnitude : magnitude
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }

    @inlinable @inline(__always) func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
