@_spi(CoreBackendInternal) import CoreBackendRuntime
import Foundation

extension FuzzTarget {
    /// The stack of the threads that parse peer bytes in production (`DedicatedThread`: connect, then
    /// the read loop), in bytes. Inputs run on a stack this size so unbounded recursion shows up as it
    /// would in the app, not only once the 8 MiB main-thread stack runs out.
    package static let readingThreadStackSize = 512 * 1024

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
