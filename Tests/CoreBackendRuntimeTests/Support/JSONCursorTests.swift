import CoreBackendRuntime
import Foundation
import Testing

/// `JSONCursor` reads in place what the tree parser and `JSONDecoder` read, and declines the same inputs.
@Suite("JSONCursor")
struct JSONCursorTests {
    static func decoded(_ text: String) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    /// Runs `body` with a cursor over `text`.
    static func withCursor<Result>(_ text: String, _ body: (inout JSONCursor) -> Result) -> Result {
        var text = text
        return text.withUTF8 { bytes in
            var cursor = JSONCursor(bytes: bytes)
            return body(&cursor)
        }
    }

    /// Skips one value and requires the end of the text.
    static func skips(_ text: String) -> Bool {
        withCursor(text) { cursor in cursor.skipValue() && cursor.isAtEnd() }
    }

    @Test("strings of every length with a quote, backslash escape or control character at every offset")
    func stringScanning() throws {
        // The scanner looks eight bytes at a time; put the special byte at each position of each word.
        for length in 0...24 {
            let plain = String(repeating: "a", count: length)
            try #require(Self.withCursor("\"\(plain)\"") { $0.readString() } == plain)
            for offset in 0...length {
                let prefix = String(plain.prefix(offset))
                let suffix = String(plain.dropFirst(offset))
                let escaped = "\"\(prefix)\\n\\\"\(suffix)\""
                #expect(Self.withCursor(escaped) { $0.readString() } == prefix + "\n\"" + suffix, "\(escaped)")
                #expect(Self.skips(escaped), "\(escaped)")
                let control = "\"\(prefix)\u{1F}\(suffix)\""
                #expect(Self.withCursor(control) { $0.readString() } == nil, "control at \(offset) of \(length)")
                #expect(!Self.skips(control))
                let unterminated = "\"\(prefix)"
                #expect(Self.withCursor(unterminated) { $0.readString() } == nil)
            }
        }
        // Multi-byte UTF-8 (high bytes must not look special) and DEL.
        for text in ["ünïcödé ✓ 😀 and more text", "\u{7F}\u{80}\u{FF}", "tab\tinside"] {
            let json = try String(decoding: JSONEncoder().encode(text), as: UTF8.self)
            #expect(Self.withCursor(json) { $0.readString() } == text)
        }
    }

    @Test(
        "skipValue accepts exactly what the tree parser accepts (documents without duplicate keys)",
        arguments: [
            #"{"a":1,"b":[true,false,null],"c":{"d":"e"}}"#,
            #"  [ 1 , -0 , 0.5, -2.5e3, 1E-2, 123456789012345678901234 ]  "#,
            #""esc \" \\ \/ \b \f \n \r \t \u00e9 \ud83d\ude00 end""#, "true", "null", "42", "[]", "{}", "{ }", "[ ]",
            #"{"nested":{"deep":[[[{"x":[]}]]]}}"#, "1.7976931348623157e308",
            // Declined by both: malformed, trailing commas, lone surrogates, overflowing numbers, too deep.
            "", "{", "01", "1.", ".5", "+1", "1e", "tru", "nul", "\"unterminated", "\"bad \\x escape\"", "{\"a\" 1}",
            "[1 2]", "{} x", "\"\\u12\"", "NaN", "-", "[1,]", #"{"a":1,}"#, #""\ud800""#, #""\udc00x""#, "1e400",
            String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
        ])
    func skipAgreesWithTreeParser(_ text: String) {
        #expect(Self.skips(text) == (JSONValue(parsing: text) != nil), "\(text)")
    }

    @Test("duplicate keys are the caller's business: skipValue accepts them, readValue declines")
    func duplicateKeys() {
        let text = #"{"a":1,"a":2}"#
        #expect(Self.skips(text))
        #expect(Self.withCursor(text) { $0.readValue() } == nil)
        #expect(Self.decoded(text) != nil)  // and JSONDecoder then decides
    }

    @Test("typed reads return nil for other kinds and leave a readable document behind on success")
    func typedReads() {
        let text = #"{"s":"x","n":-1.5e2,"t":true,"f":false,"z":null,"a":[1,"2"],"o":{"k":"v"}}"#
        var strings: [String] = []
        var numbers: [Double] = []
        var bools: [Bool] = []
        var nulls = 0
        var mismatches = 0
        let complete = Self.withCursor(text) { cursor in
            cursor.readObject { key, cursor in
                switch key.value {
                case "s":
                    if cursor.readNumber() != nil || cursor.readBool() != nil || cursor.readNull() { mismatches += 1 }
                    guard let value = cursor.readString() else { return false }
                    strings.append(value)
                case "n":
                    if cursor.readString() != nil { mismatches += 1 }
                    guard let value = cursor.readNumber() else { return false }
                    numbers.append(value)
                case "t", "f":
                    guard let value = cursor.readBool() else { return false }
                    bools.append(value)
                case "z":
                    guard cursor.readNull() else { return false }
                    nulls += 1
                case "a":
                    return cursor.readArray { cursor in
                        if let number = cursor.readNumber() { numbers.append(number); return true }
                        if let string = cursor.readString() { strings.append(string); return true }
                        return false
                    }
                default:
                    #expect(cursor.peekKind() == .object)
                    return cursor.skipValue()
                }
                return true
            } && cursor.isAtEnd()
        }
        #expect(complete)
        #expect(strings == ["x", "2"])
        #expect(numbers == [-150, 1])
        #expect(bools == [true, false])
        #expect(nulls == 1)
        #expect(mismatches == 0)
    }

    @Test("keys compare decoded: an escaped key matches its plain name")
    func keyMatching() {
        let text = #"{"add\u0072ess":1,"tx":2,"":3,"txx":4}"#
        var matched: [String] = []
        let complete = Self.withCursor(text) { cursor in
            cursor.readObject { key, cursor in
                if key.matches("address") { matched.append("address") }
                if key.matches("tx") { matched.append("tx") }
                if key.matches("") { matched.append("empty") }
                return cursor.skipValue()
            }
        }
        #expect(complete)
        #expect(matched == ["address", "tx", "empty"])
    }

    @Test("JSONFieldSet reports the second insert of a field")
    func fieldSet() {
        var seen = JSONFieldSet()
        let first = seen.insert(0)
        let other = seen.insert(63)
        let again = seen.insert(0)
        #expect(first)
        #expect(other)
        #expect(!again)
        #expect(seen.contains(63))
        #expect(!seen.contains(5))
    }
}
