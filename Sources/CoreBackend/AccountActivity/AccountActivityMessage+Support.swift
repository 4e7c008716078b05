import Foundation

extension AccountActivityMessage.Transaction {
    /// A transaction status; unknown values decode to ``unknown(_:)``.
    public enum Status: Sendable, Hashable, Codable, RawRepresentable, ExpressibleByStringLiteral,
        CustomStringConvertible
    {
        /// Included in a block (the value observed in production).
        case confirmed
        /// Completed (mentioned by upstream docs).
        case completed
        /// Dropped from the mempool.
        case dropped
        /// Reverted or otherwise failed.
        case failed
        /// A value this version does not know.
        case unknown(String)

        /// Creates a status from its wire value.
        public init(rawValue: String) {
            switch rawValue {
            case "confirmed": self = .confirmed
            case "completed": self = .completed
            case "dropped": self = .dropped
            case "failed": self = .failed
            default: self = .unknown(rawValue)
            }
        }

        /// Creates a status from a string literal.
        public init(stringLiteral value: String) { self.init(rawValue: value) }

        /// Decodes the wire value.
        public init(from decoder: any Decoder) throws {
            self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
        }

        /// Encodes the wire value.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(rawValue)
        }

        /// The wire value.
        public var rawValue: String {
            switch self {
            case .confirmed: "confirmed"
            case .completed: "completed"
            case .dropped: "dropped"
            case .failed: "failed"
            case .unknown(let value): value
            }
        }

        /// The wire value.
        public var description: String { rawValue }
    }
}

/// Why an account-activity notification could not be decoded; names the offending field.
public struct AccountActivityDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The dotted path of the field, e.g. `tx.chain` or `updates.0.asset`.
    public var path: String
    /// What was wrong with it.
    public var reason: String

    init(_ error: DecodingError) {
        func path(_ context: DecodingError.Context, appending key: (any CodingKey)? = nil) -> String {
            let keys = context.codingPath + (key.map { [$0] } ?? [])
            return keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            self.path = path(context, appending: key)
            reason = "missing"
        case .valueNotFound(_, let context):
            self.path = path(context)
            reason = "null"
        case .typeMismatch(let type, let context):
            self.path = path(context)
            reason = "not a \(type)"
        case .dataCorrupted(let context):
            self.path = path(context)
            reason = context.debugDescription
        @unknown default:
            self.path = ""
            reason = String(describing: error)
        }
    }

    init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// The same error one level down, inside the field (or element) `key`.
    func inside(_ key: String) -> Self {
        Self(path: path.isEmpty ? key : key + "." + path, reason: reason)
    }

    /// ``path`` as coding keys (indices as integer keys).
    var codingPath: [any CodingKey] { path.split(separator: ".").map { PathKey(String($0)) } }

    private struct PathKey: CodingKey {
        var stringValue: String
        var intValue: Int?
        init(_ name: String) {
            stringValue = name
            intValue = Int(name)
        }
        init(stringValue: String) { self.init(stringValue) }
        init(intValue: Int) { self.init(String(intValue)) }
    }

    /// For example `Invalid account activity notification: tx.chain missing`.
    public var description: String {
        "Invalid account activity notification: \(path.isEmpty ? "data" : path) \(reason)"
    }
}

extension KeyedDecodingContainer {
    /// A number that may arrive as a JSON number or a numeric string (the rule `OHLCVBar` decodes by;
    /// account activity reads it with `ReadRule.number`).
    func decodeNumber(forKey key: Key) throws -> Double {
        if let number = try? decode(Double.self, forKey: key) { return number }
        let text = try decode(String.self, forKey: key)
        guard let number = Double(text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "not a number: \(text)")
        }
        return number
    }
}

/// An amount that arrived as a JSON number, as text: integral values without a fraction, others as
/// Swift prints a `Double`. Used by `ReadRule.amount`.
func amountText(_ number: Double) -> String {
    Int64(exactly: number).map { String($0) } ?? String(number)
}
