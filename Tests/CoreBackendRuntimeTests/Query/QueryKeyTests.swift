import CoreBackendRuntime
import Testing

@Suite("QueryKey identity, matching and normalisation")
struct QueryKeyTests {
    @Test("object member order never changes identity")
    func memberOrder() {
        let a: QueryKey = ["accounts", "balances", "v2", ["address": "0x1", "options": ["networks": [1, 137]]]]
        let b: QueryKey = ["accounts", "balances", "v2", ["options": ["networks": [1, 137]], "address": "0x1"]]
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(a.hash == #"["accounts","balances","v2",{"address":"0x1","options":{"networks":[1,137]}}]"#)
    }

    @Test("integers and doubles with the same value are the same number")
    func numbers() {
        #expect(QueryKey(["x", .number(1)]) == QueryKey(["x", 1.0]))
        #expect(QueryKey(["x", 1704067200]).hash == #"["x",1704067200]"#)
        #expect(QueryKey(["x", 0.5]).hash == #"["x",0.5]"#)
    }

    @Test("an absent positional element hashes as null and differs from no element")
    func positionalNull() {
        let withNull: QueryKey = ["prices", "v3Historical", "eip155:1", "slip44:60", nil]
        let without: QueryKey = ["prices", "v3Historical", "eip155:1", "slip44:60"]
        #expect(withNull != without)
        #expect(withNull.hash == #"["prices","v3Historical","eip155:1","slip44:60",null]"#)
    }

    @Test("an empty options object differs from none")
    func emptyOptions() {
        #expect(
            QueryKey(["accounts", "v2Tokens", ["address": "0x1", "options": [:]]])
                != QueryKey(["accounts", "v2Tokens", ["address": "0x1"]]))
    }

    @Test("prefix matching compares whole strings and matches objects partially")
    func prefixMatching() {
        let key: QueryKey = ["accounts", "balances", "v2", ["address": "0x123", "options": ["networks": [1]]]]
        #expect(key.matches(prefix: ["accounts"]))
        #expect(key.matches(prefix: ["accounts", "balances"]))
        #expect(key.matches(prefix: ["accounts", "balances", "v2", ["address": "0x123"]]))
        #expect(!key.matches(prefix: ["accounts", "balances", "v2", ["address": "0x999"]]))
        #expect(!key.matches(prefix: ["accounts", "balances", "v4"]))
        #expect(key.matches(prefix: []))
        #expect(!QueryKey(["tokens", "v1SupportedNetworks"]).matches(prefix: ["token"]))
        #expect(!QueryKey(["token", "networks"]).matches(prefix: ["tokens"]))
        #expect(!QueryKey(["accounts"]).matches(prefix: ["accounts", "balances"]))
    }

    @Test("nested arrays in filters match as prefixes")
    func nestedArrayPrefix() {
        let key: QueryKey = ["x", ["ids": ["a", "b", "c"]]]
        #expect(key.matches(prefix: ["x", ["ids": ["a", "b"]]]))
        #expect(!key.matches(prefix: ["x", ["ids": ["b"]]]))
    }

    @Test(
        "arrays sort like JavaScript's default sort: by string form, UTF-16 order",
        arguments: [
            ([56, 137, 1], [1, 137, 56]),
            ([137, 1], [1, 137]),
            ([10, 9], [10, 9]),
        ])
    func javascriptSort(input: [Int], expected: [Int]) {
        #expect(input.sortedForQueryKey() == expected.queryKeyValue)
    }

    @Test("uppercase sorts before lowercase")
    func caseOrder() {
        #expect(["0xaaa", "0xAAA", "0xBBB"].sortedForQueryKey() == ["0xAAA", "0xBBB", "0xaaa"].queryKeyValue)
    }

    @Test("beyond ASCII, arrays sort by UTF-16 code units as JavaScript does, not by scalar")
    func utf16Order() {
        // U+1F600 is the surrogate pair D83D DE00, which sorts before U+FF21 in UTF-16.
        #expect(["\u{FF21}", "\u{1F600}", "a"].sortedForQueryKey() == ["a", "\u{1F600}", "\u{FF21}"].queryKeyValue)
        #expect(["b", "a"].sortedForQueryKey() == ["a", "b"].queryKeyValue)
    }

    @Test("strings are JSON-escaped in the hash")
    func escaping() {
        #expect(QueryKey(["a\"b\\c\n"]).hash == #"["a\"b\\c\n"]"#)
    }
}
