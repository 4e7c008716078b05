import CoreBackendRuntime
import CoreBackendRuntimeTesting
import Foundation

/// A model as generated code makes them: `Codable`, with an integer and a nested array.
struct Balance: Codable, Sendable, Hashable {
    var symbol: String
    var amount: Int
    var chains: [Int]
}

/// The same JSON read by an app update whose model now requires a field the old one never wrote.
struct BalanceV2: Codable, Sendable, Hashable {
    var symbol: String
    var amount: Int
    var decimals: Int
}

/// A value that is not `Encodable`.
struct Opaque: Sendable { var secret: String }

/// A persister in memory, counting saves.
final class MemoryPersister: QueryPersister {
    private let stored = Locked<(state: DehydratedState?, saves: Int, failure: QueryPersistenceError?)>((nil, 0, nil))

    init(_ state: DehydratedState? = nil, failure: QueryPersistenceError? = nil) {
        stored.withLock { $0 = (state, 0, failure) }
    }

    var state: DehydratedState? { stored.withLock { $0.state } }
    var saves: Int { stored.withLock { $0.saves } }

    func load() async throws -> DehydratedState? {
        let (state, failure) = stored.withLock { ($0.state, $0.failure) }
        if let failure { throw failure }
        return state
    }

    func save(_ state: DehydratedState) async throws {
        stored.withLock {
            $0.state = state
            $0.saves += 1
        }
    }

    func remove() async throws {
        stored.withLock {
            $0.state = nil
            $0.failure = nil
        }
    }
}

/// Counts calls of a query function.
final class FetchCounter: Sendable {
    private let count = Locked(0)
    var value: Int { count.withLock { $0 } }
    func increment() { count.withLock { $0 += 1 } }
}

extension QueryClient {
    /// A cache on `clock` with no retries.
    static func persistenceTest(clock: TestClock) -> QueryClient {
        QueryClient(configuration: .init(retryPolicy: .never, clock: QueryClock(clock), random: .constant(0)))
    }
}

/// Options for `Value` under `key` that count their fetches and return `value`.
func countingOptions<Value: Sendable>(
    _ key: QueryKey, staleTime: Duration = .seconds(60), counter: FetchCounter, returning value: Value
) -> QueryOptions<Value> {
    QueryOptions(queryKey: key, staleTime: staleTime, gcTime: .seconds(3_600)) {
        counter.increment()
        return value
    }
}

/// A fresh directory under the temporary directory.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("persist-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
