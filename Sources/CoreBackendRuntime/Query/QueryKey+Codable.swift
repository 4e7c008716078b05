extension QueryKey: Codable {
    /// Decodes a key from its JSON array form, e.g. `["prices","v3SpotPrices",{"assetIds":["…"]}]`.
    public init(from decoder: any Decoder) throws {
        self.init(try [QueryKeyValue](from: decoder))
    }

    /// Encodes the key as a JSON array of its elements (objects as JSON objects, numbers as numbers).
    public func encode(to encoder: any Encoder) throws {
        try elements.encode(to: encoder)
    }
}

extension QueryKeyValue: Codable {
    /// Decodes any JSON value as a key element.
    public init(from decoder: any Decoder) throws {
        self.init(try JSONValue(from: decoder))
    }

    /// Encodes the element as the JSON value it stands for.
    public func encode(to encoder: any Encoder) throws {
        try jsonValue.encode(to: encoder)
    }

    /// The element for a JSON value (object members sorted, as every key object keeps them).
    init(_ json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let value): self = .bool(value)
        case .number(let value): self = .number(value)
        case .string(let value): self = .string(value)
        case .array(let values): self = .array(values.map { QueryKeyValue($0) })
        case .object(let members): self = .object(QueryKeyObject(members.mapValues { QueryKeyValue($0) }))
        }
    }

    /// The element as a JSON value.
    var jsonValue: JSONValue {
        switch self {
        case .null: .null
        case .bool(let value): .bool(value)
        case .number(let value): .number(value)
        case .string(let value): .string(value)
        case .array(let values): .array(values.map(\.jsonValue))
        case .object(let object):
            .object(Dictionary(object.members.map { ($0.name, $0.value.jsonValue) }, uniquingKeysWith: { $1 }))
        }
    }
}
