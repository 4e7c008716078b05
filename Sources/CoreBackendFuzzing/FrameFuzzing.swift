import CoreBackendRuntime

/// The frame decoder and message assembler on a server-to-client byte stream, driven as the read loop
/// (`WebSocketChannel.runReadLoop`) drives them.
///
/// Input: byte 0 picks how the stream is split into reads (0: one read; n: reads of n bytes); the rest is
/// the stream. Invariants: the events and the error do not depend on the split; errors carry 1002, 1007
/// or 1009 and a reason that fits a close frame; messages stay within the size limit; control payloads
/// within 125 bytes; close codes are valid on the wire. The same bytes also go through a server-role
/// decoder (masked frames) in one read.
enum FrameFuzzing {
    /// Small enough that the fuzzer reaches 1009 (message too big) easily.
    static let maximumMessageSize = 4096

    struct Outcome: Equatable {
        var events: [WebSocketInbound] = []
        var error: WebSocketProtocolError?
    }

    static func run(_ bytes: UnsafeRawBufferPointer) throws(FuzzFailure) {
        guard let first = bytes.first else { return }
        let stream = UnsafeRawBufferPointer(rebasing: bytes.dropFirst())
        let whole = drive(stream, role: .client, readSize: stream.count)
        try validate(whole)
        if first != 0 {
            let split = drive(stream, role: .client, readSize: Int(first))
            try check(split == whole, "split into \(first)-byte reads: \(brief(split)) != one read: \(brief(whole))")
        }
        try validate(drive(stream, role: .server, readSize: stream.count))
    }

    /// Feeds `stream` in reads of `readSize` bytes, decoding everything after each read, until the
    /// stream ends, a close frame arrives or decoding fails (as the read loop does).
    static func drive(_ stream: UnsafeRawBufferPointer, role: WebSocketRole, readSize: Int) -> Outcome {
        var decoder = WebSocketFrameDecoder(role: role, initialCapacity: 64)
        var assembler = WebSocketMessageAssembler(maximumMessageSize: maximumMessageSize)
        var outcome = Outcome()
        var offset = 0
        repeat {
            let end = min(stream.count, offset + max(readSize, 1))
            decoder.append(UnsafeRawBufferPointer(rebasing: stream[offset..<end]))
            offset = end
            do {
                while let inbound = try decoder.nextInbound(assembling: &assembler) {
                    outcome.events.append(inbound)
                    if case .close = inbound { return outcome }
                }
            } catch {
                outcome.error = error
                return outcome
            }
        } while offset < stream.count
        return outcome
    }

    static func validate(_ outcome: Outcome) throws(FuzzFailure) {
        for event in outcome.events {
            switch event {
            case .text(let text):
                try check(text.utf8.count <= maximumMessageSize, "text message of \(text.utf8.count) bytes")
            case .binary(let bytes):
                try check(bytes.count <= maximumMessageSize, "binary message of \(bytes.count) bytes")
            case .ping(let payload), .pong(let payload):
                try check(payload.count <= 125, "control frame payload of \(payload.count) bytes")
            case .close(let code, let reason):
                try check(code?.isValidOnWire ?? true, "close code \(brief(code)) accepted")
                try check(reason.utf8.count <= 123, "close reason of \(reason.utf8.count) bytes")
            }
        }
        if let error = outcome.error {
            try check(
                [1002, 1007, 1009].contains(error.closeCode.rawValue), "error with close code \(error.closeCode)")
            try check(error.reason.utf8.count <= 123, "error reason of \(error.reason.utf8.count) bytes")
        }
    }
}
