/// The fuzz targets: one entry function per parser of untrusted bytes, shared by the libFuzzer driver
/// (`core-backend-fuzz`, see `Fuzz/README.md`) and the regression replay under `swift test`.
///
/// Each entry takes arbitrary bytes, drives the parser the way production code does, and checks cheap
/// invariants (agreement between fast and reference paths, independence from how bytes are split,
/// typed errors, bounds). A broken invariant throws ``FuzzFailure``; a crash is a crash.
package enum FuzzTarget: String, CaseIterable, Sendable {
    /// `JSONValue(parsingUTF8:)`, `JSONValue(decodingUTF8:)` and `JSONCursor` on a document.
    case json
    /// `WebSocketFrameDecoder` and `WebSocketMessageAssembler` on a server-to-client byte stream.
    case frames
    /// `HTTPHead.parse` and `WebSocketHandshake.validateResponse` / `validateRequest`.
    case handshake
    /// The inbound frame reader (`ServerNotificationMessage(frame:)`) and the account-activity and
    /// system-notification readers on one text frame.
    case accountActivity = "account-activity"
    /// The loopback server's request reader and `WebSocketUpgradeRequest` on a client-to-server stream.
    case loopback
    /// The generator (JSON parser, spec parser, validation, rendering) on a spec file.
    case spec
    /// `HTTPResponseParser` (the built-in HTTP client's) on a server-to-client stream.
    case httpResponse = "http-response"

    /// The largest input worth generating, in bytes (the driver's default `-max_len`).
    package var maximumInputLength: Int {
        switch self {
        case .json: 16 * 1024
        case .frames: 16 * 1024
        case .handshake: 20 * 1024  // a little over HTTPHead.maximumSize
        case .accountActivity: 16 * 1024
        case .loopback: 8 * 1024
        case .spec: 64 * 1024
        case .httpResponse: 16 * 1024
        }
    }

    /// Runs one input.
    ///
    /// - Throws: ``FuzzFailure`` when an invariant does not hold.
    package func run(_ bytes: UnsafeRawBufferPointer) throws(FuzzFailure) {
        switch self {
        case .json: try JSONFuzzing.run(bytes)
        case .frames: try FrameFuzzing.run(bytes)
        case .handshake: try HandshakeFuzzing.run(bytes)
        case .accountActivity: try AccountActivityFuzzing.run(bytes)
        case .loopback: try LoopbackFuzzing.run(bytes)
        case .spec: try SpecFuzzing.run(bytes)
        case .httpResponse: try HTTPResponseFuzzing.run(bytes)
        }
    }

    /// Runs one input held in an array.
    package func run(_ bytes: [UInt8]) throws(FuzzFailure) {
        try bytes.withUnsafeBytes { buffer in Result { () throws(FuzzFailure) in try run(buffer) } }.get()
    }
}

/// An invariant a fuzz target checks did not hold.
package struct FuzzFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    package var message: String

    package init(_ message: String) { self.message = message }

    package var description: String { message }
}

/// Throws ``FuzzFailure`` with `message` unless `condition` holds.
@inline(__always)
func check(_ condition: Bool, _ message: @autoclosure () -> String) throws(FuzzFailure) {
    if !condition { throw FuzzFailure(message()) }
}

/// The first `count` characters of `value`'s description, for failure messages.
func brief(_ value: some Any, _ count: Int = 300) -> String {
    String(String(describing: value).prefix(count))
}
