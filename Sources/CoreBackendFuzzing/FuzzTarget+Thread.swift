import CoreBackendRuntime
import Foundation

extension FuzzTarget {
    /// The stack of the threads that parse peer bytes in production (`DedicatedThread`: connect, then
    /// the read loop), in bytes. Inputs run on a stack this size so unbounded recursion shows up as it
    /// would in the app, not only once the 8 MiB main-thread stack runs out.
    package static let readingThreadStackSize = 512 * 1024

    /// The stack of the thread that runs this target's parser in production: the socket reading thread's,
    /// except for `spec`, which runs on the main thread (8 MiB) of the generator process the build plugin
    /// starts. (Found by the spec target: its 256-level limit fits 8 MiB, not 512 KiB under ASan.)
    package var productionStackSize: Int {
        self == .spec ? 8 * 1024 * 1024 : Self.readingThreadStackSize
    }

    /// Runs one input on a new thread with `stackSize` bytes of stack and waits for it.
    ///
    /// - Throws: ``FuzzFailure`` when an invariant does not hold.
    package func run(_ bytes: [UInt8], stackSize: Int) throws(FuzzFailure) {
        let outcome = Locked<Result<Void, FuzzFailure>>(.success(()))
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            let result = Result { () throws(FuzzFailure) in try run(bytes) }
            outcome.withLock { $0 = result }
            done.signal()
        }
        thread.stackSize = stackSize
        thread.start()
        done.wait()
        try outcome.withLock { $0 }.get()
    }
}
