import CommandLineOptions
import CoreBackend
import Foundation

/// `--body JSON` or `--body @file.json`: the JSON request body of a write (`POST`, `PUT`, `PATCH`,
/// `DELETE`), passed to the generated method as its `body:` argument.
enum BodyOption {
    /// The largest body read from a file or given inline.
    static let maximumSize = 1 << 20

    /// `--body`.
    static let body = Option(
        name: "--body", valueName: "JSON|@FILE",
        help: "The JSON request body of a write: inline ('{\"name\":\"Rex\"}') or read from a file ('@pet.json').",
        parser: ValueParser(parse))

    /// The body as the operation's `body` argument; a body for a `GET` is refused.
    static func argument(_ body: JSONValue?, for operation: OperationDescriptor) throws(CommandLineError) -> JSONValue?
    {
        guard let body else { return nil }
        guard operation.method != "GET" else {
            throw .invalid("\(operation.operationId) is a GET operation and takes no --body")
        }
        return body
    }

    /// Inline JSON, or `@path`: the JSON in that file (at most ``maximumSize`` bytes).
    static func parse(_ text: String) throws(ValueParser<JSONValue>.Rejection) -> JSONValue {
        var data = Data(text.utf8)
        if text.hasPrefix("@") {
            guard let handle = FileHandle(forReadingAtPath: String(text.dropFirst())) else {
                throw .init("cannot read the file")
            }
            defer { try? handle.close() }
            data = ((try? handle.read(upToCount: maximumSize + 1)) ?? nil) ?? Data()
        }
        guard data.count <= maximumSize else { throw .init("the body is larger than \(maximumSize) bytes") }
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: data) else {
            throw .init("expected JSON")
        }
        return value
    }
}
