import CoreBackendRuntime
import CoreBackendRuntimeTesting
import Testing

/// The callers waiting for one fetch resume in the order they registered: a task group's runtime
/// detaches finished children cheaply only in that order (see `WaiterList`).
@Suite("WaiterList: registration order")
struct WaiterListTests {
    @Test("waiters come out in registration order, without the ones that left, whatever their ids")
    func registrationOrder() {
        var list = WaiterList<String>()
        #expect(list.isEmpty)
        var generator = SplitMix64(seed: 7)
        let ids = (0..<200).map { _ in generator.next() }  // ids in no particular order
        for (index, id) in ids.enumerated() { list.append("w\(index)", id: id) }
        for index in stride(from: 3, to: 200, by: 7) { #expect(list.remove(id: ids[index]) == "w\(index)") }
        #expect(list.remove(id: ids[3]) == nil)  // already gone
        let expected = (0..<200).filter { $0 < 3 || ($0 - 3) % 7 != 0 }.map { "w\($0)" }
        #expect(list.inOrder == expected)
        for index in 0..<200 { _ = list.remove(id: ids[index]) }
        #expect(list.isEmpty && list.inOrder.isEmpty)
    }
}
