/// Waits until `condition` holds, first by yielding, then by polling every millisecond for up to
/// `timeout` of wall time; `true` once it holds, `false` when the time ran out.
///
/// Only for asynchronous work landing (a socket read, a task finishing); time-based behaviour uses
/// ``TestClock``. Use it inside an expectation, so a timeout fails the test where it happened:
///
/// ```swift
/// #expect(await eventually { backend.connectionCount == 1 }, "one server connection")
/// ```
public func eventually(within timeout: Duration = .seconds(10), _ condition: () -> Bool) async -> Bool {
    for _ in 0..<1_000 {
        if condition() { return true }
        await Task.yield()
    }
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(1))
    }
    return condition()
}
