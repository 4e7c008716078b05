import Dispatch

/// Tells whether code runs on the main actor's executor (the main dispatch queue), without trapping.
///
/// `Thread.isMainThread` cannot say it on Linux, where `dispatch_main` hands the main queue to a worker
/// thread once the main thread parks, and `MainActor.assertIsolated` traps rather than answers. Tests use
/// it to prove where work ran, for example that a `@MainActor` caller's fetch decodes off the main actor:
///
/// ```swift
/// let decodedOnMain = MainQueueProbe.isOnMainQueue  // inside a Decodable init
/// ```
public enum MainQueueProbe {
    /// Whether the caller runs on the main dispatch queue, the main actor's executor.
    public static var isOnMainQueue: Bool {
        DispatchQueue.getSpecific(key: installedKey) == true
    }

    /// The key set on the main queue, installed once on first use.
    private static let installedKey: DispatchSpecificKey<Bool> = {
        let key = DispatchSpecificKey<Bool>()
        DispatchQueue.main.setSpecific(key: key, value: true)
        return key
    }()
}
