import CommandLineOptions
import CoreBackend
import CoreBackendTesting
import Foundation

/// `core-backend call <api> <operation> [name=value …]`: calls any generated operation.
enum CallCommand: Subcommand {
    static let name = "call"
    static let abstract = "Call any API operation through the SDK and print the JSON response."

    static let baseURL = Option(
        name: "--base-url", valueName: "URL",
        help: """
            Send every API to this origin under /accounts, /prices, /token, /tokens
            (e.g. a 'core-backend mock' server). Default: MetaMask's production services.
            """,
        parser: .url(schemes: ["http", "https"]))

    static let cacheFile = Option(
        name: "--cache-file", valueName: "PATH",
        help: """
            Keep the query cache in this file between runs: restored before the call (a fresh
            entry answers without a request), saved after it. The bearer token is never saved.
            """,
        parser: .string)

    static let command = Command(
        name: "core-backend call",
        overview: """
            Call any operation (see 'core-backend endpoints') and print its JSON response.
            A token is sent as 'Authorization: Bearer T'.
            """,
        arguments: [
            Argument(name: "<api>", help: "accounts, prices, token or tokens", parser: .oneOf(apis)),
            Argument(
                name: "<operation>",
                help:
                    "An operation id, e.g. V2Balances, or a write's method name (case-insensitive; a leading 'fetch' is allowed)"
            ),
            Argument(
                name: "name=value", help: "Parameters by Swift name. Arrays: comma-separated (networks=1,137) or JSON.",
                arity: .repeating,
                parser: ValueParser { (text: String) throws(ValueParser<String>.Rejection) -> String in
                    guard text.contains("=") else { throw .init("expected name=value") }
                    return text
                }),
        ],
        options: [baseURL, BodyOption.body, cacheFile] + TokenOption.options,
        exclusiveGroups: [TokenOption.exclusiveGroup],
        examples: [
            "core-backend call accounts V2Balances address=0x1 networks=1,137 --base-url http://127.0.0.1:8080",
            "core-backend call prices V3SpotPrices assetIds=eip155:1/slip44:60",
            "core-backend call accounts <WriteOperation> id=1 --body @body.json   (writes: POST, PUT, PATCH, DELETE)",
            "core-backend call prices V3SpotPrices assetIds=eip155:1/slip44:60 --cache-file /tmp/cache.json",
        ])

    /// The API names, in the order of the generated operation table.
    static var apis: [String] {
        ApiPlatformClient.operations.map(\.api).reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }

    static func run(_ values: ParsedValues) async throws -> ExitStatus {
        let api = values.positional[0]
        let operation = try operation(api: api, named: values.positional[1])
        var arguments = try arguments(Array(values.positional.dropFirst(2)), for: operation)
        arguments["body"] = try BodyOption.argument(values[BodyOption.body], for: operation)
        let baseURLs = values[baseURL].map { MockBackend.baseURLs(origin: $0) } ?? APIBaseURLs.production
        let token = try TokenOption.resolve(values)
        let client = ApiPlatformClient(
            clientProduct: "core-backend-cli", clientVersion: "1.0.0",
            getBearerToken: token.map { value in { @Sendable in value } },
            baseURLs: baseURLs,
            persister: values[cacheFile].map { FileQueryPersister(fileURL: URL(fileURLWithPath: $0)) })
        do {
            let restored = try await client.restoreCache()
            if values[cacheFile] != nil { printError("cache: \(restored) entries restored") }
        } catch {
            printError("warning: \(TerminalText.escape(String(describing: error))); starting with an empty cache")
        }
        let result = try await client.call(api: api, operationId: operation.operationId, arguments: arguments)
        printOutput(TerminalText.escapeJSON(try JSONText.pretty(result)))
        try await client.persistCache()
        return .success
    }

    /// The operation of `api` named by its id or fetch method, case-insensitively.
    static func operation(api: String, named name: String) throws(CommandLineError) -> OperationDescriptor {
        let requested = name.lowercased()
        guard
            let operation = ApiPlatformClient.operations.first(where: {
                $0.api == api
                    && ($0.operationId.lowercased() == requested || $0.fetchMethodName.lowercased() == requested)
            })
        else {
            throw .invalid("unknown operation \(quote(name)) for \(api); run 'core-backend endpoints \(api)'")
        }
        return operation
    }

    /// The `name=value` pairs as the operation's arguments; every required parameter present.
    static func arguments(_ pairs: [String], for operation: OperationDescriptor) throws(CommandLineError) -> [String:
        JSONValue]
    {
        var values: [String: JSONValue] = [:]
        for pair in pairs {
            guard let equals = pair.firstIndex(of: "=") else {
                throw .invalid("expected name=value, got \(quote(pair))")
            }
            let name = String(pair[..<equals])
            guard let parameter = operation.parameters.first(where: { $0.name == name }) else {
                let names = operation.parameters.map(\.name).joined(separator: ", ")
                throw .invalid(
                    "\(operation.operationId) has no parameter \(quote(name)); parameters: \(names.isEmpty ? "none" : names)"
                )
            }
            guard values[name] == nil else { throw .invalid("parameter \(quote(name)) given more than once") }
            values[name] = JSONText.argument(String(pair[pair.index(after: equals)...]), swiftType: parameter.swiftType)
        }
        for parameter in operation.parameters where parameter.isRequired && values[parameter.name] == nil {
            throw .invalid("missing required parameter '\(parameter.name)' (\(parameter.swiftType))")
        }
        return values
    }
}
