/// A binary min-heap: the smallest element on top, pushed and popped in O(log n). The deadline queues
/// of the runtime (HTTP deadlines, gc timers) are built on it.
package struct MinHeap<Element: Comparable> {
    private var storage: [Element] = []

    /// An empty heap.
    package init() {}

    /// The smallest element, if any.
    package var first: Element? { storage.first }
    /// The number of elements.
    package var count: Int { storage.count }
    /// Whether the heap holds nothing.
    package var isEmpty: Bool { storage.isEmpty }

    /// Adds `element`.
    package mutating func push(_ element: Element) {
        storage.append(element)
        var child = storage.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard storage[child] < storage[parent] else { break }
            storage.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the smallest element.
    @discardableResult
    package mutating func popFirst() -> Element? {
        guard !storage.isEmpty else { return nil }
        storage.swapAt(0, storage.count - 1)
        let first = storage.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < storage.count, storage[left] < storage[smallest] { smallest = left }
            if right < storage.count, storage[right] < storage[smallest] { smallest = right }
            guard smallest != parent else { break }
            storage.swapAt(parent, smallest)
            parent = smallest
        }
        return first
    }

    /// Removes the elements that satisfy `shouldBeRemoved` (O(n log n): the rest is sorted, which is a heap).
    package mutating func removeAll(where shouldBeRemoved: (Element) throws -> Bool) rethrows {
        try storage.removeAll(where: shouldBeRemoved)
        storage.sort()
    }

    /// Removes every element.
    package mutating func removeAll() { storage.removeAll() }
}
