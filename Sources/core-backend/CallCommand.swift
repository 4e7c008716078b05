import CoreBackend
import CoreBackendTesting
import Foundation

/// `core-backend call <api> <operation> [name=value …]`: calls any generated operation.
enum CallCommand: Subcommand {
    static let name = "call"
    static let abstract = "Call any API operation through the SDK and print the JSON response."
    static let usage = """
        OVERVIEW: Call any operation (see 'core-backend endpoints') and print its JSON response.

        USAGE: core-backend call <api> <operation> [name=value ...] [--base-url URL] [--token T | --token-file PATH]

        ARGUMENTS:
          <api>          accounts, prices, token or tokens
          <operation>    An operation id, e.g. V2Balances (case-insensitive; a leading 'fetch' is allowed)
          name=value     Parameters by Swift name. Arrays: comma-separated (networks=1,137) or JSON.

        OPTIONS:
          --base-url URL     Send every API to this origin under /accounts, /prices, /token, /tokens
                             (e.g. a 'core-backend mock' server). Default: MetaMask's production services.
          --token T          Send 'Authorization: Bearer T'.
        \(TokenOption.help)

        EXAMPLES:
          core-backend call accounts V2Balances address=0x1 networks=1,137 --base-url http://127.0.0.1:8080
          core-backend call prices V3SpotPrices assetIds=eip155:1/slip44:60
        """

    static func run(_ arguments: [String]) async throws -> ExitStatus {
        let parsed = try ParsedArguments(arguments, valueOptions: Set(["--base-url"]).union(TokenOption.options), switchOptions: [])
        guard parsed.positional.count >= 2 else { throw UsageError(message: "expected <api> and <operation>") }
        let api = parsed.positional[0]
        let requested = parsed.positional[1].lowercased()
        let candidates = ApiPlatformClient.operations.filter { $0.api == api }
        guard !candidates.isEmpty else {
            throw UsageError(message: "unknown API '\(api)'; expected accounts, prices, token or tokens")
        }
        guard let operation = candidates.first(where: {
            $0.operationId.lowercased() == requested || $0.fetchMethodName.lowercased() == requested
        }) else {
            throw UsageError(message: "unknown operation '\(parsed.positional[1])' for \(api); run 'core-backend endpoints \(api)'")
        }
        var values: [String: JSONValue] = [:]
        for pair in parsed.positional.dropFirst(2) {
            guard let equals = pair.firstIndex(of: "=") else { throw UsageError(message: "expected name=value, got '\(pair)'") }
            let name = String(pair[..<equals])
            guard let parameter = operation.parameters.first(where: { $0.name == name }) else {
                let names = operation.parameters.map(\.name).joined(separator: ", ")
                throw UsageError(message: "\(operation.operationId) has no parameter '\(name)'; parameters: \(names.isEmpty ? "none" : names)")
            }
            values[name] = JSONText.argument(String(pair[pair.index(after: equals)...]), swiftType: parameter.swiftType)
        }
        for parameter in operation.parameters where parameter.isRequired && values[parameter.name] == nil {
            throw UsageError(message: "missing required parameter '\(parameter.name)' (\(parameter.swiftType))")
        }
        var baseURLs = APIBaseURLs.production
        if let text = parsed.values["--base-url"] {
            guard let url = URL(string: text), url.scheme == "http" || url.scheme == "https", url.host != nil else {
                throw UsageError(message: "--base-url expects an http(s) URL, got '\(text)'")
            }
            baseURLs = MockBackend.baseURLs(origin: url)
        }
        let token = try TokenOption.resolve(parsed)
        let client = ApiPlatformClient(
            clientProduct: "core-backend-cli", clientVersion: "1.0.0", getBearerToken: token.map { value in { @Sendable in value } },
            baseURLs: baseURLs)
        let result = try await client.call(api: api, operationId: operation.operationId, arguments: values)
        printOutput(TerminalText.escapeJSON(try JSONText.pretty(result)))
        return .success
    }
}
