/// The members of an object element of a ``QueryKey``, kept sorted by name with no duplicates.
///
/// A sorted array is the key's canonical form: two objects with the same members are equal and hash
/// alike whatever order they were written in, and building, hashing and comparing one costs no
/// dictionary (no per-member hashing on construction, no lookups on comparison). Build one with a
/// literal, where later duplicates win:
///
/// ```swift
/// let object: QueryKeyObject = ["currency": "usd", "assetIds": ["eip155:1/slip44:60"]]
/// object["currency"]  // .string("usd")
/// ```
public struct QueryKeyObject: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    /// One named member.
    public struct Member: Sendable, Hashable {
        /// The member's name.
        public let name: String
        /// The member's value.
        public let value: QueryKeyValue

        /// Creates a member.
        public init(name: String, value: QueryKeyValue) {
            self.name = name
            self.value = value
        }
    }

    /// The members, sorted by name (Swift `String` order), each name once.
    public private(set) var members: [Member]

    /// Creates an empty object.
    public init() { members = [] }

    /// Creates an object from a dictionary.
    public init(_ dictionary: [String: QueryKeyValue]) {
        members = dictionary.map { Member(name: $0.key, value: $0.value) }
        members.sort { $0.name < $1.name }
    }

    /// Creates an object from name–value pairs in any order; a later duplicate name wins.
    public init(dictionaryLiteral elements: (String, QueryKeyValue)...) {
        self.init(unsorted: elements)
    }

    /// Creates an object from name–value pairs in any order; a later duplicate name wins.
    public init<Pairs: Sequence<(String, QueryKeyValue)>>(unsorted pairs: Pairs) {
        self.init(canonicalizing: pairs.map { Member(name: $0.0, value: $0.1) })
    }

    /// Sorts `members` and drops all but the last of equal names.
    init(canonicalizing members: [Member]) {
        self.members = members
        Self.canonicalize(&self.members)
    }

    /// Hashes the values only: member names are part of equality, but the objects that share a cache
    /// are built by the same code with the same names, so hashing them again buys no spread.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(members.count)
        for member in members { hasher.combine(member.value) }
    }

    /// The number of members.
    public var count: Int { members.count }

    /// Whether the object has no members.
    public var isEmpty: Bool { members.isEmpty }

    /// The member names, sorted.
    public var names: [String] { members.map(\.name) }

    /// The value of the member named `name`, if there is one.
    public subscript(name: String) -> QueryKeyValue? {
        let index = Self.insertionIndex(of: name, in: members)
        // `.none`, not `nil`: `QueryKeyValue` is itself `ExpressibleByNilLiteral` (`.null`).
        guard index < members.count, members[index].name == name else { return .none }
        return members[index].value
    }

    /// Sorts `members` by name, keeping the last of equal names: insertion for the few members a key
    /// object has (stable, no allocation), a stable sort of indices beyond that.
    static func canonicalize(_ members: inout [Member]) {
        if members.count <= 16 {
            var sorted = 0
            for index in members.indices {
                let member = members[index]
                let position = insertionIndex(of: member.name, in: members[..<sorted])
                if position < sorted && members[position].name == member.name {
                    members[position] = member
                } else {
                    var slot = sorted  // Slots from `sorted` to `index` hold merged leftovers.
                    while slot > position {
                        members[slot] = members[slot - 1]
                        slot -= 1
                    }
                    members[position] = member
                    sorted += 1
                }
            }
            members.removeLast(members.count - sorted)
            return
        }
        let order = members.indices.sorted { left, right in
            let (a, b) = (members[left].name, members[right].name)
            return a < b || (a == b && left < right)
        }
        var result: [Member] = []
        result.reserveCapacity(members.count)
        for index in order {
            if let last = result.last, last.name == members[index].name {
                result[result.count - 1] = members[index]
            } else {
                result.append(members[index])
            }
        }
        members = result
    }

    /// The first index in the sorted `members` whose name is not less than `name`.
    static func insertionIndex(of name: String, in members: ArraySlice<Member>) -> Int {
        var low = members.startIndex
        var high = members.endIndex
        while low < high {
            let middle = (low + high) / 2
            if members[middle].name < name { low = middle + 1 } else { high = middle }
        }
        return low
    }

    static func insertionIndex(of name: String, in members: [Member]) -> Int {
        insertionIndex(of: name, in: members[...])
    }
}

extension QueryKeyValue {
    /// The non-nil members as an object, for object keys whose absent fields are dropped. Generated code
    /// passes a literal, which becomes `KeyValuePairs` (one array) rather than a dictionary.
    package static func members(_ members: KeyValuePairs<String, QueryKeyValue?>) -> QueryKeyObject {
        var present: [QueryKeyObject.Member] = []
        present.reserveCapacity(members.count)
        for (name, value) in members {
            if let value { present.append(QueryKeyObject.Member(name: name, value: value)) }
        }
        return QueryKeyObject(canonicalizing: present)
    }
}
