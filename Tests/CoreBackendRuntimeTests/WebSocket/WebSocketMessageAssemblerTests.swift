import CoreBackendRuntimeTesting
import Testing

@testable import CoreBackendRuntime

/// Message assembly: fragmentation, interleaved control frames, UTF-8, size limits and close payloads.
struct WebSocketMessageAssemblerTests {
    /// Decodes `frames` (as a server would send them) and assembles the inbound events.
    private func run(_ frames: [WebSocketFrame], maximumMessageSize: Int = 1 << 20) throws -> [WebSocketInbound] {
        var decoder = WebSocketFrameDecoder(role: .client)
        var assembler = WebSocketMessageAssembler(maximumMessageSize: maximumMessageSize)
        var events: [WebSocketInbound] = []
        for byte in frames.flatMap({ $0.serialized() }) {  // byte by byte
            decoder.append([byte])
            while let event = try decoder.nextInbound(assembling: &assembler) { events.append(event) }
        }
        return events
    }

    @Test func fragmentedTextWithInterleavedControlFrames() throws {
        // Ping and pong between fragments are delivered first; the text arrives whole after the final fragment.
        let events = try run([
            WebSocketFrame(fin: false, opcode: .text, payload: Array("Hel".utf8)),
            WebSocketFrame(opcode: .ping, payload: [9]),
            WebSocketFrame(fin: false, opcode: .continuation, payload: Array("lo, ".utf8)),
            WebSocketFrame(opcode: .pong, payload: []),
            WebSocketFrame(opcode: .continuation, payload: Array("wörld".utf8)),
        ])
        #expect(events == [.ping([9]), .pong([]), .text("Hello, wörld")])
    }

    @Test func multiByteCharacterSplitAcrossFragments() throws {
        // UTF-8 is validated on the whole message, so a character may straddle fragments.
        let euro = Array("€".utf8)
        let events = try run([
            WebSocketFrame(fin: false, opcode: .text, payload: [euro[0]]),
            WebSocketFrame(opcode: .continuation, payload: Array(euro[1...])),
        ])
        #expect(events == [.text("€")])
    }

    @Test func fragmentedBinary() throws {
        // Binary fragments join in order.
        let events = try run([
            WebSocketFrame(fin: false, opcode: .binary, payload: [1, 2]),
            WebSocketFrame(fin: false, opcode: .continuation, payload: []),
            WebSocketFrame(opcode: .continuation, payload: [3]),
        ])
        #expect(events == [.binary([1, 2, 3])])
    }

    @Test(arguments: [
        [WebSocketFrame(opcode: .continuation, payload: [1])],
        [WebSocketFrame(fin: false, opcode: .text, payload: [65]), WebSocketFrame(opcode: .text, payload: [66])],
        [WebSocketFrame(opcode: .close, payload: [3])],
        [WebSocketFrame(opcode: .close, payload: [0x03, 0xED])],  // 1005 must not be sent
        [WebSocketFrame(opcode: .close, payload: [0x03, 0xE7])],  // 999
        [WebSocketFrame(opcode: .close, payload: [0x13, 0x88])],  // 5000
    ])
    func sequenceViolationsAreProtocolErrors(frames: [WebSocketFrame]) {
        // Each fails with 1002.
        #expect { try run(frames) } throws: { ($0 as? WebSocketProtocolError)?.closeCode == .protocolError }
    }

    @Test(
        arguments: [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]] as [[UInt8]])
    func invalidUTF8Is1007(bytes: [UInt8]) {
        // Invalid, overlong, surrogate, too-large and truncated sequences fail with 1007, in text and close reasons.
        #expect { try run([WebSocketFrame(opcode: .text, payload: bytes)]) } throws: {
            ($0 as? WebSocketProtocolError)?.closeCode == .invalidFramePayloadData
        }
        #expect { try run([WebSocketFrame(opcode: .close, payload: [0x03, 0xE8] + bytes)]) } throws: {
            ($0 as? WebSocketProtocolError)?.closeCode == .invalidFramePayloadData
        }
    }

    @Test func validatorAgreesWithStandardLibrary() {
        // The fallback validator accepts exactly what String(validating:) accepts, on random and edge inputs.
        var generator = SplitMix64(seed: 7)
        for _ in 0..<5000 {
            let length = Int.random(in: 0...12, using: &generator)
            let bytes = (0..<length).map { _ in
                [UInt8.random(in: 0...0x7F, using: &generator), UInt8.random(in: 0x80...0xFF, using: &generator)][
                    Int.random(in: 0...1, using: &generator)]
            }
            let expected = String(validating: bytes, as: UTF8.self) != nil
            #expect(bytes.withUnsafeBytes { UTF8Validation.isValid($0) } == expected, "\(bytes)")
        }
    }

    @Test func messageSizeLimitCountsAllFragments() throws {
        // 60 + 60 bytes exceed a 100-byte limit on the second fragment's header (1009); exactly 100 is fine.
        #expect {
            try run(
                [
                    WebSocketFrame(fin: false, opcode: .binary, payload: .init(repeating: 0, count: 60)),
                    WebSocketFrame(opcode: .continuation, payload: .init(repeating: 0, count: 60)),
                ], maximumMessageSize: 100)
        } throws: { ($0 as? WebSocketProtocolError)?.closeCode == .messageTooBig }
        let events = try run(
            [WebSocketFrame(opcode: .binary, payload: .init(repeating: 0, count: 100))], maximumMessageSize: 100)
        #expect(events.count == 1)
    }

    @Test func closePayloads() throws {
        // An empty close has no code; a code with a UTF-8 reason is reported as sent.
        #expect(try run([WebSocketFrame(opcode: .close)]) == [.close(code: nil, reason: "")])
        #expect(
            try run([.close(code: .unknown(4000), reason: "custom ✓")]) == [
                .close(code: .unknown(4000), reason: "custom ✓")
            ])
    }

    @Test func closeCodeNames() {
        // Numbers map to named cases and back.
        #expect(WebSocketCloseCode(1000) == .normalClosure)
        #expect(WebSocketCloseCode(1011) == .internalServerError)
        #expect(WebSocketCloseCode(1015) == .tlsHandshakeFailure)
        #expect(WebSocketCloseCode(1004) == .unknown(1004))
        #expect(WebSocketCloseCode(4999).rawValue == 4999)
        for code in UInt16(1000)...1015 { #expect(WebSocketCloseCode(code).rawValue == code) }
    }
}
