import CoreBackendRuntime
import Foundation

/// Why the reader stopped: the payload breaks a rule of the schema (naming the field), or the text is
/// unusual — a repeated field, or JSON the strict cursor declines — and `JSONDecoder`'s tree decides.
enum AccountActivityReadError: Error {
    /// A missing, `null` or mistyped field (boxed: the error is one word, cheap to pass on the hot path).
    indirect case invalid(AccountActivityDecodingError)
    /// Nothing the schema says anything about: hand the payload to the tree path.
    case unusual
}

/// A type of the account-activity schema, read from JSON text by its field rules
/// (`AccountActivityMessage+Fields.swift`) with a ``ReadObject`` each. Every way in — a frame's text, a ``JSONValue`` tree, a
/// `Decoder` — ends in ``readMembers(_:)``.
protocol AccountActivityReadable {
    /// Reads an object's members (the cursor is at its `{`). On ``AccountActivityReadError/invalid(_:)``
    /// the whole object has been consumed, so the caller can go on reading its siblings.
    static func readMembers(_ cursor: inout JSONCursor) throws(AccountActivityReadError) -> Self
}

extension AccountActivityReadable {
    /// Reads the value that makes up the rest of `cursor`'s text: the value, why it is invalid, or
    /// `nil` when the text is unusual.
    static func read(document cursor: inout JSONCursor) -> Result<Self, AccountActivityDecodingError>? {
        do {
            let value: Self = try ReadRule.object(&cursor)
            return cursor.isAtEnd() ? .success(value) : nil
        } catch {
            guard case .invalid(let failure) = error else { return nil }
            return .failure(failure)
        }
    }

    /// Reads a tree by writing it out as JSON (which has no repeated keys, so is never unusual).
    static func read(tree: JSONValue) throws(AccountActivityDecodingError) -> Self {
        do { try tree.checkNestingDepth() } catch { throw AccountActivityDecodingError(error) }
        let text: Data
        do { text = try JSONEncoder().encode(tree) } catch {
            throw AccountActivityDecodingError(path: "", reason: "holds a number that is not finite")
        }
        let result = text.withUnsafeBytes { raw in
            var cursor = JSONCursor(bytes: raw.bindMemory(to: UInt8.self))
            return read(document: &cursor)
        }
        guard let result else { throw AccountActivityDecodingError(path: "", reason: "not JSON the reader accepts") }
        return try result.get()
    }

    /// Reads the value under `decoder` (any format that decodes a ``JSONValue``); a violation is a
    /// `DecodingError.dataCorrupted` whose coding path ends at the field.
    static func read(from decoder: any Decoder) throws -> Self {
        let tree = try JSONValue(from: decoder)
        do { return try read(tree: tree) } catch {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath + error.codingPath, debugDescription: error.reason))
        }
    }
}

/// The fields of one object being read: which were seen (a repeated one is unusual) and the first
/// invalid one in declaration order. Values live in plain optionals beside it, as cheap as a bare read.
struct ReadObject {
    private var seen = JSONFieldSet()
    /// The slot of ``failure``; `Int.max` while there is none.
    private var failureSlot = Int.max
    private var failure: AccountActivityReadError?

    @inline(__always) init() {}

    /// Reads field number `slot` (its place in the declaration), named `key`, into `value` with
    /// `rule`; `false` when the field repeats or the text is unusual.
    @inline(__always)
    mutating func read<Value>(
        _ slot: Int, _ key: StaticString, _ value: inout Value?, _ cursor: inout JSONCursor,
        _ rule: (inout JSONCursor) throws(AccountActivityReadError) -> Value
    ) -> Bool {
        guard seen.insert(slot) else { return false }  // repeated: JSONDecoder decides
        do {
            value = try rule(&cursor)
            return true
        } catch {
            return record(error, slot, key)
        }
    }

    /// Keeps `error` of field `slot` when it is the first in declaration order; `false` when unusual.
    @inline(never)
    private mutating func record(_ error: AccountActivityReadError, _ slot: Int, _ key: StaticString) -> Bool {
        guard case .invalid(let reason) = error else { return false }
        if slot < failureSlot {
            failureSlot = slot
            failure = .invalid(reason.inside("\(key)"))
        }
        return true
    }

    /// The value of required field `slot`; evaluated in declaration order, the first throw is the
    /// first problem a field-by-field decoder would have met. Takes the value (pass `field.take()`): a
    /// borrowed one would be copied, a retain and a release per field on the hot path.
    @inline(__always)
    func value<Value>(
        _ slot: Int, _ key: StaticString, _ value: consuming Value?
    ) throws(AccountActivityReadError) -> Value {
        if let value { return value }
        throw problem(slot, key)
    }

    /// The value of optional field `slot`, `absent` when it is missing.
    @inline(__always)
    func value<Value>(
        _ slot: Int, _ key: StaticString, _ value: consuming Value?, absent: Value
    ) throws(AccountActivityReadError) -> Value {
        if let value { return value }
        if !seen.contains(slot) { return absent }
        throw problem(slot, key)
    }

    @inline(never)
    private func problem(_ slot: Int, _ key: StaticString) -> AccountActivityReadError {
        if let failure, failureSlot == slot { return failure }
        return .invalid(AccountActivityDecodingError(path: "\(key)", reason: "missing"))
    }
}

/// How one value is read. Each rule consumes the value even when it is invalid; the reasons are the
/// ones `JSONDecoder` gave when these types were decoded field by field.
enum ReadRule {
    @inline(__always)
    static func string(_ cursor: inout JSONCursor) throws(AccountActivityReadError) -> String {
        let start = cursor.index
        if let text = cursor.readString() { return text }
        cursor.index = start
        guard cursor.peekKind() != .string else { throw .unusual }
        throw cursor.skipMismatch("not a String")
    }

    /// A string, or `null` as `nil`.
    @inline(__always)
    static func optionalString(_ cursor: inout JSONCursor) throws(AccountActivityReadError) -> String? {
        if cursor.readNull() { return nil }
        return try string(&cursor)
    }

    @inline(__always)
    static func bool(_ cursor: inout JSONCursor) throws(AccountActivityReadError) -> Bool {
        let start = cursor.index
        if let value = cursor.readBool() { return value }
        cursor.index = start
        guard cursor.peekKind() != .bool else { throw .unusual }
        throw cursor.skipMismatch("not a Bool")
    }

    /// A number, or a string holding one (as `Double(_:)` reads it).
    @inline(__always)
    static func number(_ cursor: inout JSONCursor) throws(AccountActivityReadError) -> Double {
        switch cursor.peekKind() {
        case .number:
            guard let number = cursor.readNumber() else { throw .unusual }
            return number
        case .string:
            guard let text = cursor.readString() else { throw .unusual }
            guard let number = Double(text) else { throw invalid("not a number: ", text) }
            return number
        default: throw cursor.skipMismatch("not a String")
        }
    }

    /// ``number(_:)`` that is a whole number.
    @inline(__always)
    static func integer(_ cursor: inout JSONCursor) throws(AccountActivityReadError) -> Int {
        let number = try number(&cursor)
        guard let integer = Int(exactly: number) else {
            throw invalid("Expected an integer, found ", "\(number)")
        }
        return integer
    }

    /// A string, or a number kept as its decimal text (``amountText(_:)``).
    @inline(__always)
    static func amount(_ cursor: inout JSONCursor) throws(AccountActivityReadError) -> String {
        switch cursor.peekKind() {
        case .string:
            guard let text = cursor.readString() else { throw .unusual }
            return text
        case .number:
            guard let number = cursor.readNumber() else { throw .unusual }
            return amountText(number)
        default: throw cursor.skipMismatch("not a Double")
        }
    }

    /// `reason` + `detail`, built off the hot path (the rules above are inlined into every reader).
    @inline(never)
    static func invalid(_ reason: StaticString, _ detail: String) -> AccountActivityReadError {
        .invalid(.init(path: "", reason: "\(reason)\(detail)"))
    }

    @inline(__always)
    static func object<Value: AccountActivityReadable>(
        _ cursor: inout JSONCursor
    ) throws(AccountActivityReadError) -> Value {
        guard cursor.peekKind() == .object else { throw cursor.skipMismatch("not a Dictionary<String, Any>") }
        return try Value.readMembers(&cursor)
    }

    /// An array of objects, or `null` as `[]`; an invalid element is reported by its index.
    @inline(__always)
    static func list<Element: AccountActivityReadable>(
        _ cursor: inout JSONCursor
    ) throws(AccountActivityReadError) -> [Element] {
        if cursor.readNull() { return [] }
        guard cursor.peekKind() == .array else { throw cursor.skipMismatch("not a Array<Any>") }
        var list: [Element] = []
        list.reserveCapacity(4)
        var firstInvalid: AccountActivityDecodingError?
        let complete = cursor.readArray { cursor in
            guard firstInvalid == nil else { return cursor.skipValue() }
            do throws(AccountActivityReadError) {
                list.append(try object(&cursor))
            } catch {
                guard case .invalid(let failure) = error else { return false }
                firstInvalid = failure.inside(String(list.count))
            }
            return true
        }
        guard complete else { throw .unusual }
        if let firstInvalid { throw .invalid(firstInvalid) }
        return list
    }
}

extension JSONCursor {
    /// Reads an object's members: `member` reads a known field (`false`: unusual) or returns `nil` to
    /// skip an unknown one.
    @inline(__always)
    mutating func readMembers(_ member: (JSONKey, inout JSONCursor) -> Bool?) throws(AccountActivityReadError) {
        guard readObject({ key, cursor in member(key, &cursor) ?? cursor.skipValue() }) else { throw .unusual }
    }

    /// Skips a value of the wrong kind and says why: `null`, or `reason`.
    mutating func skipMismatch(_ reason: String) -> AccountActivityReadError {
        let isNull = peekKind() == .null
        guard skipValue() else { return .unusual }
        return .invalid(.init(path: "", reason: isNull ? "null" : reason))
    }
}
