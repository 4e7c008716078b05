import Testing

@testable import CoreBackendRuntime

@Suite("MinHeap")
struct MinHeapTests {
    /// A deterministic generator, so a failure replays.
    private struct SplitMix {
        var state: UInt64
        mutating func next(below bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }

    @Test("random pushes and pops come out in order, as a sorted array would give them", arguments: [1, 2, 3])
    func matchesSortedArray(seed: UInt64) {
        var random = SplitMix(state: seed)
        var heap = MinHeap<Int>()
        var model: [Int] = []
        for _ in 0..<5_000 {
            if random.next(below: 3) == 0, !model.isEmpty {
                model.sort()
                #expect(heap.popFirst() == model.removeFirst())
            } else {
                let value = random.next(below: 1_000)
                heap.push(value)
                model.append(value)
            }
            #expect(heap.count == model.count && heap.first == model.min())
        }
        heap.removeAll { $0.isMultiple(of: 3) }
        model.removeAll { $0.isMultiple(of: 3) }
        var drained: [Int] = []
        while let value = heap.popFirst() { drained.append(value) }
        #expect(drained == model.sorted())
        #expect(heap.isEmpty && heap.popFirst() == nil)
    }
}
