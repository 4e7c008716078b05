/// One element, or several: almost every key of the routing indexes maps to exactly one subscription,
/// which this stores inline instead of in an array (one allocation less per watched address).
enum OneOrMany<Element: Sendable>: Sendable {
    case one(Element)
    case many([Element])

    /// The elements, in insertion order.
    var elements: [Element] {
        switch self {
        case .one(let element): [element]
        case .many(let elements): elements
        }
    }

    func contains(where predicate: (Element) -> Bool) -> Bool {
        switch self {
        case .one(let element): predicate(element)
        case .many(let elements): elements.contains(where: predicate)
        }
    }

    /// `list` with `element` appended (a new `.one` when `list` is `nil`).
    static func appending(_ element: Element, to list: Self?) -> Self {
        switch list {
        case nil: .one(element)
        case .one(let first): .many([first, element])
        case .many(let elements): .many(elements + [element])
        }
    }

    /// `list` without its first element matching `predicate`; `nil` when nothing is left.
    static func removingFirst(where predicate: (Element) -> Bool, from list: Self) -> Self? {
        switch list {
        case .one(let element):
            return predicate(element) ? nil : list
        case .many(var elements):
            if let index = elements.firstIndex(where: predicate) { elements.remove(at: index) }
            switch elements.count {
            case 0: return nil
            case 1: return .one(elements[0])
            default: return .many(elements)
            }
        }
    }
}
