import CoreBackendRuntime
import Foundation

/// The runtime's JSON reader on one document (repaired to valid UTF-8 first, as frames are validated).
///
/// Invariants: whatever the strict parser accepts, `JSONDecoder` decodes to the same value, the
/// validating skip accepts and ends at the same place, `JSONValue(decodingUTF8:)` returns it, and it
/// survives a round trip through `JSONEncoder`.
enum JSONFuzzing {
    static func run(_ bytes: UnsafeRawBufferPointer) throws(FuzzFailure) {
        let utf8 = Array(String(decoding: bytes, as: UTF8.self).utf8)
        try utf8.withUnsafeBufferPointer { (document) throws(FuzzFailure) in try check(document) }
    }

    private static func check(_ document: UnsafeBufferPointer<UInt8>) throws(FuzzFailure) {
        let fast = JSONValue(parsingUTF8: document)
        var reader = JSONCursor(bytes: document)
        let read = reader.readValue()
        var skipper = JSONCursor(bytes: document)
        let skipped = skipper.skipValue()
        if read != nil {
            try CoreBackendFuzzing.check(skipped && skipper.index == reader.index, "skipValue disagrees with readValue")
        }
        let decoded = JSONValue(decodingUTF8: document)  // the fallback runs JSONDecoder when `fast` is nil
        guard let fast else { return }
        try CoreBackendFuzzing.check(decoded == fast, "decodingUTF8 \(brief(decoded)) != parsingUTF8 \(brief(fast))")
        let reference = try? JSONDecoder().decode(JSONValue.self, from: Data(document))
        try CoreBackendFuzzing.check(
            reference == fast || (reference == nil && (hasZeroWithBareExponent(document) || hasTinyExponent(document))),
            "JSONDecoder \(brief(reference)) != parsingUTF8 \(brief(fast))")
        guard let encoded = try? JSONEncoder().encode(fast) else {
            throw FuzzFailure("JSONEncoder cannot encode \(brief(fast))")
        }
        let again = encoded.withUnsafeBytes { JSONValue(parsingUTF8: $0.assumingMemoryBound(to: UInt8.self)) }
        try CoreBackendFuzzing.check(again == fast, "round trip \(brief(again)) != \(brief(fast))")
    }

    /// Whether the text has a number like `0e4`: `JSONDecoder` (swift-foundation) rejects those although
    /// RFC 8259 allows them (`0e+4`, `-0e4` and `0.0e4` pass), so it cannot be the reference for them.
    /// Found by this target; the strict parser is right.
    /// Whether the text has an exponent of -300 or below (`1e-400`): such numbers underflow to zero or a
    /// subnormal. The strict parser reads them as JavaScript's `JSON.parse` does (`-111e-41545` is -0),
    /// while `JSONDecoder` rejects them, so it cannot be the reference for them. Found by this target.
    static func hasTinyExponent(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index + 2 < text.count {
            defer { index += 1 }
            guard text[index] | 0x20 == UInt8(ascii: "e"), text[index + 1] == UInt8(ascii: "-") else { continue }
            var digits = index + 2
            var exponent = 0
            while digits < text.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(text[digits]) {
                exponent = min(exponent * 10 + Int(text[digits] - UInt8(ascii: "0")), 100_000)
                digits += 1
            }
            if exponent >= 300 { return true }
        }
        return false
    }

    static func hasZeroWithBareExponent(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard text.count >= 3 else { return false }
        for index in 0..<(text.count - 2) where text[index] == UInt8(ascii: "0") {
            let before = index > 0 ? text[index - 1] : UInt8(ascii: " ")
            let isStart = !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(before) && before != UInt8(ascii: ".")
            let exponent = text[index + 1] | 0x20 == UInt8(ascii: "e")
            if isStart && exponent && (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(text[index + 2]) { return true }
        }
        return false
    }
}
