import CoreBackend
import CoreBackendTesting
import Testing

/// One row per operation: how to call it and the exact request it must produce.
struct ContractRow: Sendable, CustomTestStringConvertible {
    let operationId: String
    let target: String
    let call: @Sendable (ApiPlatformClient) async throws -> Void
    let key: (@Sendable (ApiPlatformClient) -> (QueryKey, Duration, Duration))?

    var testDescription: String { operationId }
}

/// One API's part of the contract table: its rows, the keys and times upstream computes for the rows that
/// build one, and what its spec declares.
struct ContractAPI: Sendable, CustomTestStringConvertible {
    /// The API's name, which is also its path prefix on the mock backend.
    let name: String
    let rows: [ContractRow]
    /// Canonical key hash, stale time and gc time by operationId.
    let keys: [String: (String, Duration, Duration)]
    let operations: [OperationDescriptor]
    /// How many operations the spec has (a guard against a spec edit that drops one silently).
    let operationCount: Int

    var testDescription: String { name }
}

/// A row with the API it belongs to: one argument of the parameterised contract tests.
struct ContractCase: Sendable, CustomTestStringConvertible {
    let api: ContractAPI
    let row: ContractRow

    var testDescription: String { "\(api.name) \(row.operationId)" }
}

/// The whole contract: the four APIs.
let contractAPIs: [ContractAPI] = [
    ContractAPI(
        name: "accounts", rows: accountsRows, keys: accountsKeys, operations: AccountsApiClient.operations,
        operationCount: 13),
    ContractAPI(
        name: "prices", rows: pricesRows, keys: pricesKeys, operations: PricesApiClient.operations, operationCount: 17),
    ContractAPI(
        name: "token", rows: tokenRows, keys: tokenKeys, operations: TokenApiClient.operations, operationCount: 10),
    ContractAPI(
        name: "tokens", rows: tokensRows, keys: tokensKeys, operations: TokensApiClient.operations, operationCount: 3),
]

/// Every row of every API.
let contractCases = contractAPIs.flatMap { api in api.rows.map { ContractCase(api: api, row: $0) } }
