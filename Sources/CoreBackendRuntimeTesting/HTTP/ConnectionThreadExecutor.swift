import CoreBackendRuntime
import Dispatch

/// Runs the jobs of one task on the thread that waits for it: the loopback server's connection thread
/// runs its async handler itself, so serving never needs a cooperative-pool thread. Tests that keep the
/// pool busy (or a 2-core CI runner) then cannot stall the server; without it a redirect loop of 21
/// requests took over 5 s in the full suite.
@available(macOS 15.0, iOS 18.0, tvOS 18.0, watchOS 11.0, *)
final class ConnectionThreadExecutor: TaskExecutor {
    private let jobs = Locked<[UnownedJob]>([])
    private let signal = DispatchSemaphore(value: 0)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        jobs.withLock { $0.append(job) }
        signal.signal()
    }

    /// Wakes ``run(until:)`` to check its condition.
    func wake() { signal.signal() }

    /// Runs the enqueued jobs on the calling thread until `isDone` holds.
    func run(until isDone: () -> Bool) {
        while true {
            let batch = jobs.withLock { jobs in
                defer { jobs.removeAll(keepingCapacity: true) }
                return jobs
            }
            for job in batch { job.runSynchronously(on: asUnownedTaskExecutor()) }
            if isDone() { return }
            if batch.isEmpty { signal.wait() }
        }
    }

    /// Runs `work` as a task whose jobs this thread runs, and returns its result.
    static func runBlocking<T: Sendable>(_ work: @escaping @Sendable () async -> T) -> T {
        let executor = ConnectionThreadExecutor()
        let result = Locked<T?>(nil)
        Task(executorPreference: executor) {
            let value = await work()
            result.withLock { $0 = value }
            executor.wake()
        }
        executor.run { result.withLock { $0 != nil } }
        return result.withLock { $0! }
    }
}
