import Foundation

/// Starts a detached thread for blocking socket work (connect, then the read loop).
package enum DedicatedThread {
    /// Runs `body` on a new thread that ends when `body` returns.
    package static func start(name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.name = name
        thread.stackSize = 512 * 1024
        thread.start()
    }
}
