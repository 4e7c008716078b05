import CoreBackend

/// `core-backend endpoints`: lists every generated operation with its parameters.
enum EndpointsCommand: Subcommand {
    static let name = "endpoints"
    static let abstract = "List every API operation and its parameters."
    static let usage = """
        OVERVIEW: List every operation of the four APIs (generated from Specs/).

        USAGE: core-backend endpoints [<api>] [--json]

        ARGUMENTS:
          <api>       accounts, prices, token or tokens (default: all)

        OPTIONS:
          --json      One JSON object per operation.
        """

    static func run(_ arguments: [String]) async throws -> ExitStatus {
        let parsed = try ParsedArguments(arguments, valueOptions: [], switchOptions: ["--json"])
        guard parsed.positional.count <= 1 else { throw UsageError(message: "expected at most one API name") }
        let api = parsed.positional.first
        let apis = Set(ApiPlatformClient.operations.map(\.api))
        if let api, !apis.contains(api) {
            throw UsageError(message: "unknown API '\(api)'; expected one of \(apis.sorted().joined(separator: ", "))")
        }
        let operations = ApiPlatformClient.operations.filter { api == nil || $0.api == api }
        for operation in operations {
            if parsed.switches.contains("--json") {
                let parameters = operation.parameters.map { parameter -> JSONValue in
                    [
                        "name": .string(parameter.name), "wireName": .string(parameter.wireName),
                        "in": .string(parameter.location.rawValue), "required": .bool(parameter.isRequired),
                        "type": .string(parameter.swiftType),
                    ]
                }
                let object: JSONValue = [
                    "api": .string(operation.api), "operation": .string(operation.operationId),
                    "method": .string(operation.method), "path": .string(operation.path),
                    "parameters": .array(parameters), "response": .string(operation.responseType),
                ]
                print(try JSONText.compact(object))
            } else {
                print("\(operation.api) \(operation.operationId)  \(operation.method) \(operation.path)")
                for parameter in operation.parameters {
                    let required = parameter.isRequired ? "required" : "optional"
                    let wire = parameter.wireName == parameter.name ? "" : " (sent as \(parameter.wireName))"
                    print("    \(parameter.name)=\(parameter.swiftType)  \(parameter.location.rawValue), \(required)\(wire)")
                }
            }
        }
        return .success
    }
}
