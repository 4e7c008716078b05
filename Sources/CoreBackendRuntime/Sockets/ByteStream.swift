/// A bidirectional byte stream (a TCP socket, or TLS on top of one) used by WebSocket channels.
///
/// One thread reads while others write (writers serialise themselves). `shutdown()` may be called
/// from any thread to wake a blocked reader; `close()` is called exactly once, by the owner, after
/// all reads and writes have finished.
package protocol ByteStream: AnyObject, Sendable {
    /// Reads at least one byte into `buffer`, returning 0 at end of stream.
    ///
    /// With a `deadline`, throws ``ByteStreamTimeout`` if nothing arrives before it.
    func read(into buffer: UnsafeMutableRawBufferPointer, deadline: ContinuousClock.Instant?) throws -> Int

    /// Writes all of `bytes`.
    ///
    /// With a `deadline`, throws ``ByteStreamTimeout`` if they cannot all be handed to the kernel
    /// before it (the peer stopped reading); part of them may have been sent, so the stream is then
    /// unusable and must be shut down. Without one, blocks until done or until ``shutdown()``.
    func write(_ bytes: UnsafeRawBufferPointer, deadline: ContinuousClock.Instant?) throws

    /// Ends our direction of the stream (TLS `close_notify`, then TCP `FIN`).
    func shutdownOutput()

    /// Shuts both directions down at once, waking a blocked reader.
    func shutdown()

    /// Releases the file descriptor and any TLS state.
    func close()
}

/// Thrown by ``ByteStream/read(into:deadline:)`` and ``ByteStream/write(_:deadline:)`` when the deadline passes.
package struct ByteStreamTimeout: Error, Sendable {
    package init() {}
}

extension ByteStream {
    /// Writes all of `bytes`, blocking until done (no deadline).
    package func write(_ bytes: UnsafeRawBufferPointer) throws {
        try write(bytes, deadline: nil)
    }

    /// Writes all of `bytes`; see ``write(_:deadline:)``.
    package func write(_ bytes: [UInt8], deadline: ContinuousClock.Instant? = nil) throws {
        try bytes.withUnsafeBytes { try write($0, deadline: deadline) }
    }
}

extension ContinuousClock.Instant {
    /// Milliseconds until this instant for `poll`, at least 0, rounded up.
    package var pollTimeoutFromNow: Int32 {
        let remaining = ContinuousClock.now.duration(to: self)
        if remaining <= .zero { return 0 }
        let (seconds, attoseconds) = remaining.components
        let milliseconds = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: milliseconds)
    }
}
