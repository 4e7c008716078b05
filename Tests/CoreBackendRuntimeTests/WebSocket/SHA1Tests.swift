import Foundation
import Testing

@testable import CoreBackendRuntime

/// SHA-1 against the FIPS 180 / RFC 3174 vectors, and the accept value from RFC 6455 §1.3.
struct SHA1Tests {
    private func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    @Test(arguments: [
        ("", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
        ("abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983e441c3bd26ebaae4aa1f95129e5e54670f1"),
        ("The quick brown fox jumps over the lazy dog", "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12"),
    ])
    func knownVectors(input: String, expected: String) {
        // Each digest matches the published vector.
        #expect(hex(SHA1.hash(Array(input.utf8))) == expected)
    }

    @Test func millionAs() {
        // The long FIPS vector: one million "a".
        #expect(
            hex(SHA1.hash(repeatElement(UInt8(ascii: "a"), count: 1_000_000)))
                == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    @Test func paddingBoundaries() {
        // Lengths around the 55/56/64-byte padding edges agree with incremental updates.
        for length in [55, 56, 57, 63, 64, 65, 119, 120, 128] {
            let input = (0..<length).map { UInt8($0 & 0xFF) }
            var incremental = SHA1()
            incremental.update(input.prefix(length / 3))
            incremental.update(input.dropFirst(length / 3))
            #expect(incremental.finalize() == SHA1.hash(input))
        }
    }

    @Test func acceptValueFromRFC6455() {
        // RFC 6455 §1.3: dGhlIHNhbXBsZSBub25jZQ== → s3pPLMBiTxaQ9kYGzzhZRbK+xOo=
        #expect(WebSocketHandshake.acceptValue(forKey: "dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }
}
