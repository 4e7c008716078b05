/// The fields of one object already read, for readers that treat a repeated field as unusual.
@usableFromInline package struct JSONFieldSet {
    @usableFromInline var bits: UInt64 = 0

    /// An empty set.
    @inlinable package init() {}

    /// Marks field `index` (0..<64); `false` if it was already marked.
    @inlinable @inline(__always) package mutating func insert(_ index: Int) -> Bool {
        let bit = UInt64(1) << UInt64(index)
        defer { bits |= bit }
        return bits & bit == 0
    }

    /// Whether field `index` is marked.
    @inlinable @inline(__always) package func contains(_ index: Int) -> Bool {
        bits & (UInt64(1) << UInt64(index)) != 0
    }
}
