import Foundation

/// A hydrated value still in its JSON form: the cache does not know an entry's type until someone
/// reads it, so a restored entry holds this until the first typed read decodes it (see
/// ``QueryClient/decodeRestoredData(_:as:)``). A class, so a decode replaces exactly the value it
/// decoded. Immutable, hence `Sendable`.
package final class RestoredData: Sendable {
    package let json: JSONValue

    package init(_ json: JSONValue) { self.json = json }

    /// The value decoded as `Value` with its `Decodable` conformance; `nil` when `Value` is not
    /// `Decodable` or the JSON does not fit it (a model changed by an app update).
    package func decoded<Value>(as type: Value.Type) -> Value? {
        guard let decodable = Value.self as? any Decodable.Type,
            let bytes = try? JSONEncoder().encode(json),
            let value = try? JSONDecoder().decode(decodable, from: bytes)
        else { return nil }
        return value as? Value
    }
}
