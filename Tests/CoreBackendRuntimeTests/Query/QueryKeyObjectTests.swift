import CoreBackendRuntime
import Testing

@Suite("QueryKeyObject: the sorted canonical form of object keys")
struct QueryKeyObjectTests {
    @Test("members are kept sorted by name whatever the order they were written in")
    func sorted() {
        let object: QueryKeyObject = ["currency": "usd", "assetIds": ["b", "a"], "cacheOnly": false, "b": 1]
        #expect(object.names == ["assetIds", "b", "cacheOnly", "currency"])
        #expect(object == ["b": 1, "cacheOnly": false, "assetIds": ["b", "a"], "currency": "usd"])
        let fromDictionary = QueryKeyObject(["b": 1, "cacheOnly": false, "assetIds": ["b", "a"], "currency": "usd"])
        #expect(object.hashValue == fromDictionary.hashValue)
        #expect(object["currency"] == "usd")
        #expect(object["absent"] == Optional<QueryKeyValue>.none)
        #expect(object.count == 4 && !object.isEmpty && QueryKeyObject().isEmpty)
    }

    @Test("a later duplicate name wins, as with a dictionary literal", arguments: [3, 40])
    func duplicates(count: Int) {
        // 3 members take the insertion path, 40 the sorting path.
        var pairs = (0..<count).reversed().map { ("m\($0)", QueryKeyValue.number(Double($0))) }
        pairs.insert(("m1", "first"), at: 0)
        pairs.append(("m1", "last"))
        let object = QueryKeyObject(unsorted: pairs)
        #expect(object.count == count)
        #expect(object["m1"] == "last")
        #expect(object.names == (0..<count).map { "m\($0)" }.sorted())
        #expect(QueryKeyObject(unsorted: pairs.reversed())["m1"] == "first")
    }

    @Test("an object filter matches a key only when the key has each of its members")
    func partialMatching() {
        let key: QueryKey = ["x", ["a": 1, "b": ["c": true]]]
        #expect(key.matches(prefix: ["x", ["b": ["c": true]]]))
        #expect(!key.matches(prefix: ["x", ["z": .null]]))
        #expect(!key.matches(prefix: ["x", ["a": 2]]))
    }

    @Test("members(_:) drops absent values, so nil and a missing member key the same entry")
    func membersDropNil() {
        let absent: QueryKeyValue? = nil
        let object = QueryKeyValue.members(["b": 2, "a": absent, "c": "x"])
        #expect(object == ["b": 2, "c": "x"])
    }

    @Test("the hash orders members as JavaScript does (UTF-16), also beyond ASCII")
    func canonicalJSON() {
        // U+FF21 sorts after U+1F600 in UTF-16 (a surrogate pair starts with 0xD83D) but before it by scalar.
        let key: QueryKey = ["k", ["\u{FF21}": 1, "\u{1F600}": 2, "a": 3]]
        #expect(key.hash == "[\"k\",{\"a\":3,\"\u{1F600}\":2,\"\u{FF21}\":1}]")
    }
}
