/// A string token of a ``JSONCursor``: an object key (or a string value), compared without decoding
/// when it has no escapes. Valid only while the cursor's bytes are.
@usableFromInline package struct JSONKey {
    /// The bytes between the quotes, escapes undecoded.
    @usableFromInline let raw: UnsafeBufferPointer<UInt8>
    /// The decoded text, when the token had escapes.
    @usableFromInline let decoded: String?

    @usableFromInline init(raw: UnsafeBufferPointer<UInt8>, escaped: String?) {
        self.raw = raw
        decoded = escaped
    }

    /// The decoded text.
    @inlinable package var value: String { decoded ?? String(decoding: raw, as: UTF8.self) }

    /// Whether the decoded text equals `name`.
    @inlinable @inline(__always) package func matches(_ name: StaticString) -> Bool {
        let count = name.utf8CodeUnitCount
        if let decoded {
            return decoded.utf8.elementsEqual(UnsafeBufferPointer(start: name.utf8Start, count: count))
        }
        guard raw.count == count else { return false }
        guard let base = raw.baseAddress else { return count == 0 }
        let expected = name.utf8Start
        var offset = 0
        while offset < count {
            guard base[offset] == expected[offset] else { return false }
            offset += 1
        }
        return true
    }
}
