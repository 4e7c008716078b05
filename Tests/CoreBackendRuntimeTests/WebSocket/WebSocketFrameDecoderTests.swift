import CoreBackendRuntimeTesting
import Testing

@testable import CoreBackendRuntime

/// The frame decoder and serializer: lengths, masking, arbitrary split points and header violations.
struct WebSocketFrameDecoderTests {
    /// Decodes everything in `bytes`, fed in the given chunk sizes (cycled).
    private func decode(_ bytes: [UInt8], role: WebSocketRole, chunks: [Int]) throws -> [WebSocketFrame] {
        var decoder = WebSocketFrameDecoder(role: role, initialCapacity: 16)
        var frames: [WebSocketFrame] = []
        var offset = 0
        var chunkIndex = 0
        while offset < bytes.count {
            let size = min(chunks[chunkIndex % chunks.count], bytes.count - offset)
            decoder.append(bytes[offset..<(offset + size)])
            offset += size
            chunkIndex += 1
            while let frame = try decoder.nextFrame() { frames.append(frame) }
        }
        #expect(decoder.bufferedByteCount == 0)
        return frames
    }

    private static let sampleFrames: [WebSocketFrame] = [
        WebSocketFrame(opcode: .text, payload: []),
        WebSocketFrame(opcode: .text, payload: Array("hello".utf8)),
        WebSocketFrame(opcode: .binary, payload: (0..<125).map { UInt8($0) }),
        WebSocketFrame(opcode: .binary, payload: (0..<126).map { UInt8($0 & 0xFF) }),
        WebSocketFrame(opcode: .binary, payload: (0..<65535).map { UInt8($0 & 0xFF) }),
        WebSocketFrame(opcode: .binary, payload: (0..<65536).map { UInt8($0 & 0xFF) }),
        WebSocketFrame(fin: false, opcode: .text, payload: Array("frag".utf8)),
        WebSocketFrame(opcode: .ping, payload: [1, 2, 3]),
        WebSocketFrame(opcode: .continuation, payload: Array("ment".utf8)),
        WebSocketFrame.close(code: .goingAway, reason: "bye"),
    ]

    @Test(arguments: [[1], [2, 3], [7, 1, 13], [4096], [100_000]])
    func unmaskedFramesFromAnySplit(chunks: [Int]) throws {
        // Server-to-client frames decode identically whatever the read boundaries.
        let wire = Self.sampleFrames.flatMap { $0.serialized() }
        #expect(try decode(wire, role: .client, chunks: chunks) == Self.sampleFrames)
    }

    @Test func maskedFramesInRandomChunks() throws {
        // Client-to-server frames with random keys decode (unmasked) from random chunk sizes.
        var generator = SplitMix64(seed: 42)
        let wire = Self.sampleFrames.flatMap {
            $0.serialized(maskingKey: UInt32.random(in: 1 ... .max, using: &generator))
        }
        for _ in 0..<20 {
            let chunks = (0..<16).map { _ in Int.random(in: 1...5000, using: &generator) }
            #expect(try decode(wire, role: .server, chunks: chunks) == Self.sampleFrames)
        }
    }

    @Test func lengthEncodings() {
        // 7-bit up to 125, 16-bit from 126 to 65535, 64-bit above.
        #expect(WebSocketFrame(opcode: .binary, payload: .init(repeating: 0, count: 125)).serialized()[1] == 125)
        let medium = WebSocketFrame(opcode: .binary, payload: .init(repeating: 0, count: 126)).serialized()
        #expect(Array(medium[1...3]) == [126, 0, 126])
        let large = WebSocketFrame(opcode: .binary, payload: .init(repeating: 0, count: 65536)).serialized()
        #expect(Array(large[1...9]) == [127, 0, 0, 0, 0, 0, 1, 0, 0])
        let masked = WebSocketFrame(opcode: .text, payload: [0, 0, 0, 0, 0]).serialized(maskingKey: 0x0102_0304)
        #expect(masked == [0x81, 0x85, 1, 2, 3, 4, 1, 2, 3, 4, 1])
    }

    @Test func maskingWithOffset() {
        // Masking from an offset lines the key up as if the bytes were masked in one pass.
        var whole: [UInt8] = Array(0..<37)
        whole.withUnsafeMutableBytes { WebSocketMasking.apply(0xA1B2_C3D4, to: $0) }
        var pieces: [UInt8] = Array(0..<37)
        pieces.withUnsafeMutableBytes { bytes in
            WebSocketMasking.apply(0xA1B2_C3D4, to: UnsafeMutableRawBufferPointer(rebasing: bytes[0..<5]))
            WebSocketMasking.apply(0xA1B2_C3D4, to: UnsafeMutableRawBufferPointer(rebasing: bytes[5...]), offset: 5)
        }
        #expect(whole == pieces)
    }

    @Test(
        arguments: [
            ([0xC1, 0x00], "reserved bits"),  // RSV1
            ([0x83, 0x00], "reserved opcode"),  // 0x3
            ([0x8B, 0x00], "reserved opcode"),  // 0xB
            ([0x09, 0x00], "fragmented control"),  // ping without FIN
            ([0x89, 0x7E, 0x00, 0x7E], "over 125"),  // ping with 16-bit length
            ([0x81, 0x80, 0, 0, 0, 0], "masked frame from server"),
            ([0x82, 0x7F, 0x80, 0, 0, 0, 0, 0, 0, 0], "top bit"),
        ] as [([UInt8], String)])
    func headerViolationsAreProtocolErrors(bytes: [UInt8], reason: String) {
        // Each malformed header fails with 1002 as soon as the header is readable.
        var decoder = WebSocketFrameDecoder(role: .client)
        decoder.append(bytes)
        #expect {
            _ = try decoder.nextFrame()
        } throws: { error in
            let error = error as? WebSocketProtocolError
            return error?.closeCode == .protocolError && error?.reason.contains(reason) == true
        }
    }

    @Test func unmaskedClientFrameIsRejectedByServer() {
        // A server requires masked frames.
        var decoder = WebSocketFrameDecoder(role: .server)
        decoder.append(WebSocketFrame(opcode: .text, payload: [0x41]).serialized())
        #expect(throws: WebSocketProtocolError.protocolError("unmasked frame from client")) { try decoder.nextFrame() }
    }

    @Test func oversizedFrameFailsBeforeItsPayloadArrives() {
        // Only the 10-byte header of a 1 MiB frame is present, and the limit already trips (1009).
        var decoder = WebSocketFrameDecoder(role: .client)
        decoder.append(
            Array(WebSocketFrame(opcode: .binary, payload: .init(repeating: 0, count: 1 << 20)).serialized().prefix(10))
        )
        #expect(throws: WebSocketProtocolError(.messageTooBig, "message too big")) {
            try decoder.nextFrame(maximumDataPayloadLength: 1000)
        }
    }

    @Test func incompleteFrameWaits() throws {
        // A partial header or payload yields nil until the rest arrives.
        var decoder = WebSocketFrameDecoder(role: .client)
        let wire = WebSocketFrame(opcode: .binary, payload: .init(repeating: 7, count: 300)).serialized()
        decoder.append(wire.prefix(1))
        #expect(try decoder.nextFrame() == nil)
        decoder.append(wire[1..<3])
        #expect(try decoder.nextFrame() == nil)
        decoder.append(wire[3..<200])
        #expect(try decoder.nextFrame() == nil)
        decoder.append(wire[200...])
        #expect(try decoder.nextFrame()?.payload.count == 300)
    }
}
