import CommandLineOptions
import CoreBackend

/// `core-backend endpoints`: lists every generated operation with its parameters.
enum EndpointsCommand: Subcommand {
    static let name = "endpoints"
    static let abstract = "List every API operation and its parameters."

    static let json = Flag(name: "--json", help: "One JSON object per operation.")

    static let command = Command(
        name: "core-backend endpoints",
        overview: "List every operation of the four APIs (generated from Specs/).",
        arguments: [
            Argument(
                name: "<api>", help: "accounts, prices, token or tokens (default: all)", arity: .optional,
                parser: .oneOf(CallCommand.apis))
        ],
        options: [json])

    static func run(_ values: ParsedValues) async throws -> ExitStatus {
        let api = values.positional.first
        for operation in ApiPlatformClient.operations where api == nil || operation.api == api {
            if values[json] {
                print(try JSONText.compact(object(operation)))
            } else {
                let body = operation.method == "GET" ? "" : "  (write: --body JSON when it takes one)"
                print("\(operation.api) \(operation.operationId)  \(operation.method) \(operation.path)\(body)")
                for parameter in operation.parameters {
                    let required = parameter.isRequired ? "required" : "optional"
                    let wire = parameter.wireName == parameter.name ? "" : " (sent as \(parameter.wireName))"
                    print(
                        "    \(parameter.name)=\(parameter.swiftType)  \(parameter.location.rawValue), \(required)\(wire)"
                    )
                }
            }
        }
        return .success
    }

    /// The `--json` line of one operation.
    static func object(_ operation: OperationDescriptor) -> JSONValue {
        let parameters = operation.parameters.map { parameter -> JSONValue in
            [
                "name": .string(parameter.name), "wireName": .string(parameter.wireName),
                "in": .string(parameter.location.rawValue), "required": .bool(parameter.isRequired),
                "type": .string(parameter.swiftType),
            ]
        }
        return [
            "api": .string(operation.api), "operation": .string(operation.operationId),
            "method": .string(operation.method), "path": .string(operation.path),
            "parameters": .array(parameters), "response": .string(operation.responseType),
        ]
    }
}
