import Testing

@testable import CoreBackendRuntime

@Suite("Query-string serialisation (WHATWG form encoding)")
struct QueryStringTests {
    @Test("arrays are comma-joined and reserved characters escaped")
    func arrays() {
        var query = QueryString()
        query.append("accountIds", ["id1", "id2"])
        query.append("networks", ["eip155:1", "eip155:137"])
        #expect(query.encoded == "accountIds=id1%2Cid2&networks=eip155%3A1%2Ceip155%3A137")
    }

    @Test("absent values are omitted; false, empty strings and empty arrays are sent")
    func presence() {
        var query = QueryString()
        query.append("a", String?.none)
        query.append("b", false)
        query.append("cursor", "")
        query.append("networks", [Int]())
        #expect(query.encoded == "b=false&cursor=&networks=")
    }

    @Test(
        "each byte is encoded as URLSearchParams does",
        arguments: [
            ("a b", "a+b"), ("x/y", "x%2Fy"), ("*-._~", "*-._%7E"), ("é", "%C3%A9"), ("1e+21", "1e%2B21"),
            ("eip155:1:0x123", "eip155%3A1%3A0x123"),
        ])
    func encoding(raw: String, encoded: String) {
        var query = QueryString()
        query.append("v", raw)
        #expect(query.encoded == "v=" + encoded)
    }

    @Test("numbers use JavaScript formatting")
    func numbers() {
        var query = QueryString()
        query.append("from", 1704067200.0)
        query.append("n", [1, 137])
        #expect(query.encoded == "from=1704067200&n=1%2C137")
    }

    @Test("no parameters means an empty query")
    func empty() {
        #expect(QueryString().encoded == "")
    }
}
