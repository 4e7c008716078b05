import CoreBackendRuntime

// Message types of two test namespaces, `Test` and `Other`.

enum TestPing: MessengerAction {
    static let name = "Test:ping"
}

enum TestAdd: MessengerAction {
    typealias Arguments = (Int, Int)
    typealias Result = Int
    static let name = "Test:add"
}

enum TestEcho: MessengerAction {
    typealias Arguments = String?
    typealias Result = String?
    static let name = "Test:echo"
}

enum OtherGet: MessengerAction {
    typealias Result = String
    static let name = "Other:get"
}

enum TestTick: MessengerEvent {
    typealias Payload = Int
    static let name = "Test:tick"
}

enum TestTicked: MessengerEvent {
    static let name = "Test:ticked"
}

enum TestPair: MessengerEvent {
    typealias Payload = (String, Int)
    static let name = "Test:pair"
}

enum TestWord: MessengerEvent {
    typealias Payload = String
    static let name = "Test:word"
}

/// A state with more fields than a selector picks.
struct TestProfile: Sendable {
    var isSignedIn: Bool
    var name: String
}

enum TestProfileChanged: MessengerEvent {
    typealias Payload = TestProfile
    static let name = "Test:profileChanged"
}

enum OtherTick: MessengerEvent {
    typealias Payload = Int
    static let name = "Other:tick"
}

/// Same name as `TestTick`, different payload type: only possible by mistake.
enum MistypedTick: MessengerEvent {
    typealias Payload = String
    static let name = "Test:tick"
}

struct MessengerBoom: Error, Equatable {
    var message = "boom"
}

/// A thread-safe list of what handlers saw, in order.
final class MessengerRecorder<Value: Sendable>: Sendable {
    private let storage = Locked<[Value]>([])

    func record(_ value: Value) { storage.withLock { $0.append(value) } }
    var values: [Value] { storage.withLock { $0 } }
}

/// Collects errors passed to `captureException`.
final class MessengerErrorSink: Sendable {
    let recorder = MessengerRecorder<String>()
    var capture: @Sendable (any Error) -> Void { { [recorder] in recorder.record(String(describing: $0)) } }
    var messages: [String] { recorder.values }
}
