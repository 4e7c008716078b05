import Testing

@testable import CoreBackendGenerator

/// A few lines of spec in, an exact fragment of Swift out.
@Suite("Snippets")
struct SnippetTests {
    /// Renders `spec`, expecting `snippet` verbatim in the output.
    private func expect(
        _ spec: SpecFixture, contains snippet: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let swift = generated(spec.json, sourceLocation: sourceLocation)
        #expect(
            swift.contains(snippet), "missing snippet:\n\(snippet)\n--- in ---\n\(swift)",
            sourceLocation: sourceLocation)
    }

    // A string enum gets one case per value plus unknown(String); `unknown` is renamed, keywords escaped.
    // (The generator indents `case` one level inside `switch`.)
    @Test func stringEnumWithUnknownCase() {
        var spec = SpecFixture()
        spec.schemas += #", "Color": { "type": "string", "enum": ["red", "dark-blue", "unknown", "default"] }"#
        expect(
            spec,
            contains: """
                /// The `Color` values; unknown server values decode to ``unknown(_:)``.
                public enum Color: Codable, Sendable, Hashable, RawRepresentable, ExpressibleByStringLiteral, QueryKeyRepresentable, QueryParameterRepresentable {
                    /// `red`.
                    case red
                    /// `dark-blue`.
                    case darkBlue
                    /// `unknown`.
                    case unknownValue
                    /// `default`.
                    case `default`
                    /// A value this version of the SDK does not know yet.
                    case unknown(String)

                    /// Every value this version of the SDK knows, in spec order.
                    public static let knownCases: [Color] = [.red, .darkBlue, .unknownValue, .`default`]

                    /// Creates a value from its wire form; unknown strings become ``unknown(_:)``.
                    public init(rawValue: String) {
                        switch rawValue {
                            case "red": self = .red
                            case "dark-blue": self = .darkBlue
                            case "unknown": self = .unknownValue
                            case "default": self = .`default`
                            default: self = .unknown(rawValue)
                        }
                    }
                """)
    }

    // A oneOf of integer and string becomes an enum tried in order.
    @Test func oneOfIntOrString() {
        var spec = SpecFixture()
        spec.schemas += #", "Amount": { "oneOf": [ { "type": "integer" }, { "type": "string" } ] }"#
        expect(
            spec,
            contains: """
                public enum Amount: Codable, Sendable, Hashable {
                    /// The value as `Int`.
                    case int(Int)
                    /// The value as `String`.
                    case string(String)

                    /// Decodes the first alternative that fits, in spec order.
                    public init(from decoder: any Decoder) throws {
                        let container = try decoder.singleValueContainer()
                        if let value = try? container.decode(Int.self) {
                            self = .int(value)
                            return
                        }
                        if let value = try? container.decode(String.self) {
                            self = .string(value)
                            return
                        }
                        throw DecodingError.dataCorruptedError(in: container, debugDescription: "Expected one of: Int, String")
                    }

                    /// Encodes the wrapped value.
                    public func encode(to encoder: any Encoder) throws {
                        var container = encoder.singleValueContainer()
                        switch self {
                            case .int(let value): try container.encode(value)
                            case .string(let value): try container.encode(value)
                        }
                    }
                }
                """)
    }

    // A required nullable property is optional; an absent optional one too; JSON names become camelCase with CodingKeys.
    @Test func nullableProperty() {
        var spec = SpecFixture()
        spec.schemas = """
            "Thing": { "type": "object", "required": ["id", "note"], "properties": {
              "id": { "type": "string" }, "note": { "type": ["string", "null"], "description": "May be null." },
              "last_seen": { "type": "integer" } } }
            """
        expect(
            spec,
            contains: """
                /// The `Thing` model.
                public struct Thing: Codable, Sendable, Hashable {
                    /// The `id` field.
                    public var id: String
                    /// May be null.
                    public var note: String?
                    /// The `last_seen` field.
                    public var lastSeen: Int?

                    /// Creates a value.
                    public init(id: String, note: String? = nil, lastSeen: Int? = nil) {
                        self.id = id
                        self.note = note
                        self.lastSeen = lastSeen
                    }

                    enum CodingKeys: String, CodingKey {
                        case id
                        case note
                        case lastSeen = "last_seen"
                    }
                }
                """)
    }

    // additionalProperties without properties is a dictionary, as a component and as a property.
    @Test func mapSchema() {
        var spec = SpecFixture()
        spec.schemas = """
            "Thing": { "type": "object", "required": ["id", "prices"], "properties": {
              "id": { "type": "string" }, "prices": { "type": "object", "additionalProperties": { "type": "number" } } } },
            "Balances": { "type": "object", "description": "Balance by asset.", "additionalProperties": { "$ref": "#/components/schemas/Thing" } }
            """
        expect(spec, contains: "    public var prices: [String: Double]\n")
        expect(spec, contains: "/// Balance by asset.\npublic typealias Balances = [String: Thing]\n")
    }

    // An inline object property becomes a nested struct named after the property.
    @Test func nestedInlineObject() {
        var spec = SpecFixture()
        spec.schemas = """
            "Thing": { "type": "object", "required": ["id"], "properties": {
              "id": { "type": "string" }, "owner": { "type": "object", "properties": { "name": { "type": "string" } } } } }
            """
        expect(spec, contains: "    public var owner: Thing.Owner?\n")
        expect(
            spec,
            contains: """
                    /// The `Owner` model.
                    public struct Owner: Codable, Sendable, Hashable {
                        /// The `name` field.
                        public var name: String?
                """)
    }

    // Optional query parameters form an options struct; x-key-sorted sorts in the key, x-name renames.
    @Test func optionsStructWithKeySorted() {
        var spec = SpecFixture()
        spec.parameters = """
            { "name": "networks", "in": "query", "x-name": "chainIds", "description": "Chain ids.", "style": "form", "explode": false,
              "x-key-sorted": true, "schema": { "type": "array", "items": { "type": "integer" } } },
            { "name": "includeX", "in": "query", "schema": { "type": "boolean" } }
            """
        spec.queryKey = #"["test", "v1Things", { "options": "$options" }]"#
        expect(
            spec,
            contains: """
                /// Optional query parameters of `V1Things` (`GET /v1/things`).
                public struct V1ThingsOptions: Sendable, Hashable, QueryKeyRepresentable {
                    /// Chain ids. Sent as `networks`.
                    public var chainIds: [Int]?
                    /// The `includeX` query parameter.
                    public var includeX: Bool?

                    /// Creates options; every parameter defaults to `nil` (not sent).
                    public init(chainIds: [Int]? = nil, includeX: Bool? = nil) {
                        self.chainIds = chainIds
                        self.includeX = includeX
                    }

                    /// The set fields as a key object, id arrays sorted as upstream does.
                    public var queryKeyValue: QueryKeyValue {
                        .object(QueryKeyValue.members(["chainIds": chainIds?.sortedForQueryKey(), "includeX": includeX?.queryKeyValue]))
                    }
                }
                """)
        expect(
            spec,
            contains:
                #"queryKey: QueryKey([.string("test"), .string("v1Things"), .object(QueryKeyValue.members(["options": queryOptions?.queryKeyValue]))]),"#
        )
        expect(
            spec,
            contains: """
                            do {
                                var query = QueryString()
                                query.append("networks", queryOptions?.chainIds)
                                query.append("includeX", queryOptions?.includeX)
                                return try await requester.get("/v1/things", query: query, as: Thing.self)
                            } catch {
                                throw requester.error(error, operationId: "V1Things", pathTemplate: "/v1/things")
                            }
                """)
        expect(
            spec,
            contains:
                "public nonisolated(nonsending) func fetchV1Things(queryOptions: V1ThingsOptions? = nil, options: FetchOptions? = nil) async throws -> Thing {"
        )
    }

    // x-send-default on an option sends the default when the field is nil; on an argument it defaults the argument.
    @Test func sendDefault() {
        var spec = SpecFixture()
        spec.parameters = """
            { "name": "vsCurrency", "in": "query", "x-name": "currency", "x-send-default": true, "schema": { "type": "string", "default": "usd" } },
            { "name": "limit", "in": "query", "x-argument": true, "x-send-default": true, "schema": { "type": "integer", "default": 10 } }
            """
        spec.queryKey = #"["test", "v1Things", "$currency", "$limit"]"#
        expect(
            spec,
            contains: "    /// The `vsCurrency` query parameter. Sent as `vsCurrency`. When `nil`, `\"usd\"` is sent.\n"
        )
        expect(spec, contains: #"query.append("vsCurrency", (queryOptions?.currency ?? "usd"))"#)
        expect(spec, contains: #"query.append("limit", limit)"#)
        expect(
            spec,
            contains:
                "public nonisolated(nonsending) func fetchV1Things(limit: Int = 10, queryOptions: V1ThingsOptions? = nil, options: FetchOptions? = nil) async throws -> Thing {"
        )
        expect(
            spec,
            contains:
                #"queryKey: QueryKey([.string("test"), .string("v1Things"), (queryOptions?.currency ?? "usd").queryKeyValue, limit.queryKeyValue]),"#
        )
    }

    // A hex chain id path parameter is validated before the cache and sent in decimal.
    @Test func hexChainIdPathParameter() {
        var spec = SpecFixture()
        spec.path = "/v1/chains/{chainId}/things"
        spec.parameters =
            #"{ "name": "chainId", "in": "path", "required": true, "x-transform": "hexChainIdToDecimal", "schema": { "type": "string" } }"#
        spec.queryKey = #"["test", "v1Things", { "chainId": "$chainId" }]"#
        expect(
            spec,
            contains: """
                    public nonisolated(nonsending) func fetchV1Things(chainId: String, options: FetchOptions? = nil) async throws -> Thing {
                        do {
                            _ = try APIRequester.decimalChainID(fromHex: chainId, parameter: "chainId")
                        } catch {
                            throw requester.error(error, operationId: "V1Things", pathTemplate: "/v1/chains/{chainId}/things")
                        }
                        return try await queryClient.fetchQuery(getV1ThingsQueryOptions(chainId: chainId, options: options))
                    }
                """)
        expect(
            spec,
            contains: """
                            do {
                                let chainIdDecimal = try APIRequester.decimalChainID(fromHex: chainId, parameter: "chainId")
                                return try await requester.get("/v1/chains/\\(chainIdDecimal)/things", as: Thing.self)
                            } catch {
                                throw requester.error(error, operationId: "V1Things", pathTemplate: "/v1/chains/{chainId}/things")
                            }
                """)
    }

    // A plain path parameter is percent-escaped into the path.
    @Test func plainPathParameter() {
        var spec = SpecFixture()
        spec.path = "/v1/things/{id}"
        spec.parameters = #"{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }"#
        expect(
            spec,
            contains: #"return try await requester.get("/v1/things/\(APIRequester.pathSegment(id))", as: Thing.self)"#)
    }

    // Empty input returns the fixed value in fetch and in the query function, before any request.
    @Test func emptyInputShortCircuit() {
        var spec = SpecFixture()
        spec.parameters =
            #"{ "name": "ids", "in": "query", "required": true, "style": "form", "explode": false, "schema": { "type": "array", "items": { "type": "string" } } }"#
        spec.extensions = #""x-empty-input": { "parameter": "ids", "value": { "id": "" } },"#
        expect(
            spec,
            contains: """
                    public nonisolated(nonsending) func fetchV1Things(ids: [String], options: FetchOptions? = nil) async throws -> Thing {
                        do {
                            if ids.isEmpty {
                                return try APIRequester.emptyValue(Thing.self, json: #"{"id":""}"#)
                            }
                        } catch {
                            throw requester.error(error, operationId: "V1Things", pathTemplate: "/v1/things")
                        }
                        return try await queryClient.fetchQuery(getV1ThingsQueryOptions(ids: ids, options: options))
                    }
                """)
        expect(
            spec,
            contains: """
                        ) {
                            let requester = self.requester
                            do {
                                if ids.isEmpty {
                                    return try APIRequester.emptyValue(Thing.self, json: #"{"id":""}"#)
                                }
                                var query = QueryString()
                                query.append("ids", ids)
                """)
    }

    // A key without parameters is built once; the query function captures only the client.
    @Test func constantQueryKey() {
        let spec = SpecFixture()
        expect(spec, contains: "    queryKey: Self.queryKeyOfV1Things,")
        expect(spec, contains: "private static let queryKeyOfV1Things: QueryKey = QueryKey([")
        expect(
            spec,
            contains: """
                        ) {
                            let requester = self.requester
                            do {
                """)
    }

    // x-fetch-returns-nil-on-error makes fetch return nil through a private throwing twin.
    @Test func fetchReturnsNilOnError() {
        var spec = SpecFixture()
        spec.extensions = #""x-fetch-returns-nil-on-error": true,"#
        expect(
            spec,
            contains: """
                    public nonisolated(nonsending) func fetchV1Things(options: FetchOptions? = nil) async -> Thing? {
                        try? await fetchV1ThingsThrowing(options: options)
                    }

                    private nonisolated(nonsending) func fetchV1ThingsThrowing(options: FetchOptions? = nil) async throws -> Thing {
                """)
    }

    // An invalidator becomes an async method invalidating its key prefix.
    @Test func invalidator() {
        var spec = SpecFixture()
        spec.extensions = ""
        let json = spec.json.replacingOccurrences(
            #""x-client": { "name": "TestApiClient" }"#,
            #""x-client": { "name": "TestApiClient", "invalidators": [ { "name": "invalidateThings", "queryKey": ["test", "things"] } ] }"#
        )
        let swift = generated(json)
        #expect(
            swift.contains(
                """
                    /// Invalidates every entry under `["test", "things"]`.
                    ///
                    /// Data stays readable but is refetched on next use; observed entries refetch now.
                    public func invalidateThings() async {
                        await queryClient.invalidateQueries(["test", "things"])
                    }
                """))
    }

    // At module scope (an `x-client` spec is generated into CoreBackend itself) a schema named `Error` or
    // `Task` would make every `any Error` or `Task {}` of the module mean it: it is renamed, references too.
    @Test func moduleScopeNamesDoNotShadowTheStandardLibrary() {
        var spec = SpecFixture()
        spec.schemas +=
            ##", "Error": { "type": "object", "properties": { "message": { "type": "string" } } }, "Task": { "type": "object", "properties": { "error": { "$ref": "#/components/schemas/Error" } } }"##
        let swift = generated(spec.json)
        #expect(swift.contains("public struct ErrorModel: Codable, Sendable, Hashable {"))
        #expect(swift.contains("public struct TaskModel: Codable, Sendable, Hashable {"))
        #expect(swift.contains("public var error: ErrorModel?"))
        #expect(!swift.contains("struct Error:") && !swift.contains("struct Task:"))
    }
}
