/// The last value a selector subscription saw; decides whether its handler runs.
final class SelectorCache<Value: Equatable & Sendable>: Sendable {
    private let last = Locked<Value?>(nil)

    /// Creates a cache, optionally primed with the value selected from the event's initial payload.
    init(primedWith value: Value?) {
        last.withLock { $0 = value }
    }

    /// Records `value` if it differs from the cached one and returns the previous value (as `.some`).
    ///
    /// Returns `nil` when the handler must not run: the value is unchanged, or nothing was cached
    /// yet and the selected value is itself `nil` (upstream's "undefined equals undefined").
    func advance(to value: Value) -> Value?? {
        last.withLock { last in
            if let previous = last {
                guard previous != value else { return nil }
            } else if (value as? any OptionalValue)?.isNil == true {
                return nil
            }
            defer { last = value }
            return .some(last)
        }
    }
}

/// Lets generic code ask whether a value is an `Optional.none`.
private protocol OptionalValue {
    var isNil: Bool { get }
}

extension Optional: OptionalValue {
    fileprivate var isNil: Bool { self == nil }
}
