#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Musl)
    internal import Musl
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// A growable byte buffer with a read and a write index, backed by one `malloc` block (copy-on-write).
///
/// Sockets read straight into ``writableBytes(minimumCount:)``, and the codec parses
/// ``readableBytes`` in place; growing and compacting are `realloc`/`memmove`, never per-byte loops.
package struct ByteBuffer: Sendable {
    /// `@unchecked Sendable` is safe: storage is only mutated through a uniquely referenced
    /// `ByteBuffer` (copy-on-write), so a shared instance is never written.
    private final class Storage: @unchecked Sendable {
        var base: UnsafeMutableRawPointer
        var capacity: Int

        init(capacity: Int) {
            self.capacity = max(capacity, 64)
            base = malloc(self.capacity)!
        }

        func copy(readIndex: Int, writeIndex: Int) -> Storage {
            let copy = Storage(capacity: capacity)
            memcpy(copy.base + readIndex, base + readIndex, writeIndex - readIndex)
            return copy
        }

        deinit { free(base) }
    }

    private var storage: Storage
    private var readIndex = 0
    private var writeIndex = 0

    /// Creates an empty buffer.
    package init(capacity: Int = 4096) {
        storage = Storage(capacity: capacity)
    }

    /// The number of unread bytes.
    package var readableCount: Int { writeIndex - readIndex }

    /// Runs `body` on the unread bytes.
    package func withReadableBytes<Result, Failure: Error>(
        _ body: (UnsafeRawBufferPointer) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try body(UnsafeRawBufferPointer(start: storage.base + readIndex, count: writeIndex - readIndex))
    }

    /// Runs `body` on the unread bytes, which it may modify in place (e.g. to unmask).
    package mutating func withMutableReadableBytes<Result, Failure: Error>(
        _ body: (UnsafeMutableRawBufferPointer) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        makeUnique()
        return try body(UnsafeMutableRawBufferPointer(start: storage.base + readIndex, count: writeIndex - readIndex))
    }

    /// Marks `count` unread bytes as read; resets to the start once everything is read.
    package mutating func moveReaderIndex(by count: Int) {
        readIndex += count
        if readIndex == writeIndex {
            readIndex = 0
            writeIndex = 0
        }
    }

    /// Lets `body` fill free space of at least `minimumCount` bytes; it returns how many it wrote.
    package mutating func write<Failure: Error>(
        minimumCount: Int,
        _ body: (UnsafeMutableRawBufferPointer) throws(Failure) -> Int
    ) throws(Failure) -> Int {
        reserveWritable(minimumCount)
        let written = try body(
            UnsafeMutableRawBufferPointer(start: storage.base + writeIndex, count: storage.capacity - writeIndex))
        writeIndex += written
        return written
    }

    /// Appends bytes.
    package mutating func write(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        reserveWritable(bytes.count)
        memcpy(storage.base + writeIndex, bytes.baseAddress!, bytes.count)
        writeIndex += bytes.count
    }

    /// Appends bytes.
    package mutating func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { write($0) }
    }

    /// Drops all bytes, keeping the capacity.
    package mutating func clear() {
        readIndex = 0
        writeIndex = 0
    }

    /// The unread bytes as an array.
    package var readableArray: [UInt8] {
        withReadableBytes { Array($0) }
    }

    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) {
            storage = storage.copy(readIndex: readIndex, writeIndex: writeIndex)
        }
    }

    private mutating func reserveWritable(_ count: Int) {
        makeUnique()
        guard storage.capacity - writeIndex < count else { return }
        if readIndex > 0 {  // compact first
            memmove(storage.base, storage.base + readIndex, writeIndex - readIndex)
            writeIndex -= readIndex
            readIndex = 0
        }
        if storage.capacity - writeIndex < count {
            let newCapacity = max(storage.capacity * 2, writeIndex + count)
            storage.base = realloc(storage.base, newCapacity)!
            storage.capacity = newCapacity
        }
    }
}
