/// Proves that `@MainActor` code did not suspend: it enqueues a main-actor job that can only run when the
/// main actor is free, so ``ran`` is still `false` after a stretch of code that never suspended.
///
/// ```swift
/// let probe = InterleavingProbe()
/// for _ in 0..<100 { _ = try await client.fetchSomething() }  // cache hits
/// #expect(!probe.ran)  // no hit suspended
/// await Task.yield()
/// #expect(probe.ran)  // control
/// ```
@MainActor
public final class InterleavingProbe {
    /// Whether the enqueued job has run.
    public private(set) var ran = false

    /// Enqueues the main-actor job that sets ``ran``.
    public init() {
        Task { @MainActor [weak self] in self?.ran = true }
    }
}
