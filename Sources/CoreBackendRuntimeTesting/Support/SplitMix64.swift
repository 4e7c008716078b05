/// A small deterministic random number generator (SplitMix64), so a test that draws "random" chunk sizes,
/// events or timings replays exactly from its seed.
///
/// ```swift
/// var random = SplitMix64(seed: 42)
/// let size = Int.random(in: 1...64, using: &random)
/// ```
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The generator's state; the next output is derived from it.
    public var state: UInt64

    /// Creates a generator that replays the same sequence for the same `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
