import CoreBackendRuntime
import CoreBackendRuntimeTesting
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The loopback server runs its async handler on the connection's own thread (a task executor
/// preference), so a busy or blocked cooperative pool cannot stall it.
@Suite("LoopbackHTTPServer: handlers run on the connection thread")
struct LoopbackServerExecutorTests {
    @Test("a handler runs under the server's task executor, on one thread across its suspensions")
    func handlerRunsOnConnectionThread() async throws {
        let seen = Locked<(preferred: [Bool], threads: Set<UInt>)>(([], []))
        let server = try LoopbackHTTPServer { _ in
            for _ in 0..<5 {
                let preferred = withUnsafeCurrentTask { $0?.unownedTaskExecutor != nil }
                let thread = currentThreadID()
                seen.withLock {
                    $0.preferred.append(preferred)
                    $0.threads.insert(thread)
                }
                try? await Task.sleep(for: .milliseconds(1))
            }
            return .json("{}")
        }
        defer { server.stop() }
        let response = try await BuiltinHTTPTransport().send(HTTPRequest(url: server.baseURL))
        #expect(response.status == 200)
        let (preferred, threads) = seen.withLock { $0 }
        #expect(preferred == Array(repeating: true, count: 5))
        #expect(threads.count == 1)
    }
}

/// The calling thread's id.
private func currentThreadID() -> UInt {
    #if canImport(Glibc)
        UInt(pthread_self())
    #else
        UInt(bitPattern: pthread_self())
    #endif
}
