import CoreBackendRuntime
import Foundation
import Testing

/// Runs `body` on a new `Thread` with a `stackSize`-byte stack (as `DedicatedThread` starts a socket's
/// reading thread) and returns its result.
func onThread<Result: Sendable>(stackSize: Int, _ body: @escaping @Sendable () -> Result) async -> Result {
    await withCheckedContinuation { continuation in
        let thread = Thread { continuation.resume(returning: body()) }
        thread.stackSize = stackSize
        thread.start()
    }
}

/// JSON nested `depth` levels deep: arrays, or objects `{"a":…}`, around `inner`.
enum NestedJSON {
    static func arrays(_ depth: Int, around inner: String = "1") -> String {
        String(repeating: "[", count: depth) + inner + String(repeating: "]", count: depth)
    }

    static func objects(_ depth: Int, around inner: String = "1") -> String {
        String(repeating: #"{"a":"#, count: depth) + inner + String(repeating: "}", count: depth)
    }
}

/// Every reader of peer JSON stops at `JSONLimits.maximumNestingDepth`, including the `JSONDecoder`
/// fallback, which is never reached by input deeper than that.
@Suite("JSON nesting limit")
struct JSONNestingLimitTests {
    static let limit = JSONLimits.maximumNestingDepth

    static func decoded(_ text: String) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    static func skips(_ text: String) -> Bool {
        JSONCursorTests.withCursor(text) { cursor in cursor.skipValue() && cursor.isAtEnd() }
    }

    @Test("the limit is 32 and the cursor uses it")
    func constant() {
        #expect(JSONLimits.maximumNestingDepth == 32)
        #expect(JSONCursor.maximumDepth == JSONLimits.maximumNestingDepth)
    }

    @Test("the direct reader accepts the limit and rejects one level more", arguments: [true, false])
    func directReader(arrays: Bool) throws {
        func nest(_ depth: Int) -> String { arrays ? NestedJSON.arrays(depth) : NestedJSON.objects(depth) }
        let atLimit = nest(Self.limit)
        let parsed = try #require(JSONValue(parsing: atLimit))
        #expect(parsed == Self.decoded(atLimit))
        #expect(JSONValue(decoding: atLimit) == parsed)
        #expect(Self.skips(atLimit))
        let over = nest(Self.limit + 1)
        #expect(JSONValue(parsing: over) == nil)
        #expect(!Self.skips(over))
        #expect(Self.decoded(over) != nil, "JSONDecoder alone would accept it")
        #expect(JSONValue(decoding: over) == nil)
    }

    // Each inner value makes the direct reader decline, so the JSONDecoder fallback decides at the limit.
    @Test(
        "the JSONDecoder fallback runs at the limit and never one level more",
        arguments: [
            #"{"dup":1,"dup":2}"#, #"[1e400]"#, #"["\ud800"]"#,
        ])
    func fallback(inner: String) throws {
        let atLimit = NestedJSON.arrays(Self.limit - 1, around: inner)
        #expect(JSONValue(parsing: atLimit) == nil)
        #expect(JSONValue(decoding: atLimit) == Self.decoded(atLimit))
        #expect(JSONValue(decoding: Data(atLimit.utf8)) == Self.decoded(atLimit))
        let over = NestedJSON.arrays(Self.limit, around: inner)
        #expect(JSONValue(decoding: over) == nil)
        #expect(JSONValue(decoding: Data(over.utf8)) == nil)
    }

    @Test("a duplicate key at the limit decodes through the fallback")
    func duplicateKeyAtLimit() throws {
        let atLimit = NestedJSON.objects(Self.limit - 1, around: #"{"dup":1,"dup":2}"#)
        let value = try #require(JSONValue(decoding: atLimit))
        #expect(value == Self.decoded(atLimit))
        #expect(JSONValue(decoding: NestedJSON.objects(Self.limit, around: #"{"dup":1,"dup":2}"#)) == nil)
    }

    @Test(
        "the depth scan counts brackets outside strings only, escapes included",
        arguments: [
            (#"["[[[[[[", "]]]]", "\"[[["]"#, 1),
            (#"{"k\"[[[[": [["\\"], {"x": "\\\"{{{{"}]}"#, 3),
            (#"[[[[]]], [[]], [[[[]]]]]"#, 5),
            (#""no containers [[[""#, 0),
            (#"[[[[["#, 5),  // unterminated: still counted
            (#"]]]][[[["#, 4),  // stray closers do not lower the count below zero
            (#"["é[ü{", ["\u005b"]]"#, 2),
        ])
    func scan(text: String, depth: Int) {
        let bytes = Data(text.utf8)
        #expect(!JSONLimits.exceedsNestingDepth(bytes, limit: depth), "\(text)")
        if depth > 0 { #expect(JSONLimits.exceedsNestingDepth(bytes, limit: depth - 1), "\(text)") }
    }

    @Test("the tree check agrees with the parser's levels")
    func treeCheck() throws {
        let deep = try #require(JSONValue(parsing: NestedJSON.objects(Self.limit)))
        #expect(!deep.exceedsNestingDepth())
        let deeper: JSONValue = ["wrapper": deep]
        #expect(deeper.exceedsNestingDepth())
        #expect(throws: DecodingError.self) { try deeper.checkNestingDepth() }
        #expect(!JSONValue.array([]).exceedsNestingDepth(1) && JSONValue.array([[]]).exceedsNestingDepth(1))
        #expect(!JSONValue.string("[[[[").exceedsNestingDepth(0))
    }

    @Test("JSONValue(encoding:) and DynamicArguments refuse values nested too deep")
    func encodingAndArguments() throws {
        let deep = try #require(JSONValue(parsing: NestedJSON.arrays(Self.limit)))
        #expect(try JSONValue(encoding: deep) == deep)
        let deeper = JSONValue.array([deep])
        #expect(throws: DecodingError.self) { try JSONValue(encoding: deeper) }
        let arguments = DynamicArguments(["ok": deep, "deep": deeper])
        #expect(try arguments.optional("ok", as: JSONValue.self) == deep)
        #expect(throws: APIError.invalidArgument(name: "deep", value: "", reason: "JSON nested deeper than 32 levels"))
        {
            try arguments.optional("deep", as: JSONValue.self)
        }
    }

    @Test("an HTTP body nested too deep fails with APIError.decoding naming the URL, before JSONDecoder runs")
    func responseBody() throws {
        struct Holder: Decodable, Equatable { var a: JSONValue }
        let atLimit = #"{"a":"# + NestedJSON.arrays(Self.limit - 2, around: #"{"dup":1,"dup":2}"#) + "}"
        #expect(throws: Never.self) {
            try APIRequester.decode(Holder.self, from: Data(atLimit.utf8), url: "https://x/y")
        }
        let over = #"{"a":"# + NestedJSON.arrays(Self.limit) + "}"
        #expect(
            throws: APIError.decoding(url: "https://x/y", codingPath: "", message: "JSON nested deeper than 32 levels")
        ) {
            try APIRequester.decode(Holder.self, from: Data(over.utf8), url: "https://x/y")
        }
    }

    /// A 100,000-level document (made in the test: as an argument it would flood the test log).
    static func deepDocument(_ shape: String) -> String {
        switch shape {
        case "arrays": NestedJSON.arrays(100_000)
        case "objects": NestedJSON.objects(100_000)
        case "arrays around 1e400": NestedJSON.arrays(100_000, around: "1e400")
        case "objects around a duplicate key": NestedJSON.objects(100_000, around: #"{"dup":1,"dup":2}"#)
        default: String(repeating: "[", count: 100_000)  // unterminated
        }
    }

    // The reading thread of a socket has 512 KiB of stack; before the limit, 100,000 levels crashed it.
    @Test(
        "100,000 nested brackets are rejected on a thread with a 512 KiB stack",
        arguments: [
            "arrays", "objects", "arrays around 1e400", "objects around a duplicate key", "unterminated",
        ])
    func hundredThousandLevels(shape: String) async {
        let text = Self.deepDocument(shape)
        let results = await onThread(stackSize: 512 * 1024) {
            [
                JSONValue(parsing: text) != nil,
                JSONValue(decoding: text) != nil,
                JSONValue(decoding: Data(text.utf8)) != nil,
                Self.skips(text),
                (try? APIRequester.decode(JSONValue.self, from: Data(text.utf8), url: "u")) != nil,
            ]
        }
        #expect(results == [false, false, false, false, false])
    }
}
