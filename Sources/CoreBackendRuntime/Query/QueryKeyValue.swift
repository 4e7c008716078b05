/// One element of a ``QueryKey``: a JSON-like value compared with TanStack Query's hashing rules.
///
/// Integers and doubles are both numbers (`1` equals `1.0`), object member order never matters, and
/// absent members are simply not stored. Build values with literals:
///
/// ```swift
/// let key: QueryKey = ["accounts", "balances", "v2", ["address": "0x1"]]
/// ```
public enum QueryKeyValue: Sendable, Hashable {
    /// A string.
    case string(String)
    /// A number (JavaScript numbers are doubles).
    case number(Double)
    /// A boolean.
    case bool(Bool)
    /// `null`, as an absent positional element hashes upstream.
    case null
    /// An array.
    case array([QueryKeyValue])
    /// An object whose members are compared regardless of order (they are kept sorted by name).
    case object(QueryKeyObject)

    /// Whether `self`, used as a filter, matches `other` with TanStack's partial deep equality.
    ///
    /// Equal scalars match; an object filter matches when each of its members matches the same member
    /// of `other`; an array filter matches when it is a prefix of `other` element by element.
    public func partiallyMatches(_ other: QueryKeyValue) -> Bool {
        switch (self, other) {
        case (.object(let filter), .object(let value)):
            return filter.members.allSatisfy { member in
                guard let actual = value[member.name] else { return false }
                return member.value.partiallyMatches(actual)
            }
        case (.array(let filter), .array(let value)):
            guard filter.count <= value.count else { return false }
            return zip(filter, value).allSatisfy { $0.partiallyMatches($1) }
        default:
            return self == other
        }
    }

    /// Canonical JSON text: sorted object members, JavaScript number formatting.
    func appendCanonicalJSON(to output: inout String) {
        switch self {
        case .string(let value): appendJSONString(value, to: &output)
        case .number(let value): output += value.isFinite ? JSNumber.string(value) : "null"
        case .bool(let value): output += value ? "true" : "false"
        case .null: output += "null"
        case .array(let values):
            output += "["
            for (index, value) in values.enumerated() {
                if index > 0 { output += "," }
                value.appendCanonicalJSON(to: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            // JavaScript's key order (UTF-16), which differs from the stored order only beyond ASCII.
            let sorted = members.members.sorted { $0.name.utf16.lexicographicallyPrecedes($1.name.utf16) }
            for (index, member) in sorted.enumerated() {
                if index > 0 { output += "," }
                appendJSONString(member.name, to: &output)
                output += ":"
                member.value.appendCanonicalJSON(to: &output)
            }
            output += "}"
        }
    }
}

func appendJSONString(_ string: String, to output: inout String) {
    output += "\""
    for scalar in string.unicodeScalars {
        switch scalar {
        case "\"": output += "\\\""
        case "\\": output += "\\\\"
        case "\n": output += "\\n"
        case "\r": output += "\\r"
        case "\t": output += "\\t"
        case "\u{08}": output += "\\b"
        case "\u{0C}": output += "\\f"
        default:
            if scalar.value < 0x20 {
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                output.unicodeScalars.append(scalar)
            }
        }
    }
    output += "\""
}

extension QueryKeyValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    /// Creates a string element.
    public init(stringLiteral value: String) { self = .string(value) }
    /// Creates a number element.
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    /// Creates a number element.
    public init(floatLiteral value: Double) { self = .number(value) }
    /// Creates a boolean element.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// Creates an array element.
    public init(arrayLiteral elements: QueryKeyValue...) { self = .array(elements) }
    /// Creates an object element; later duplicates win.
    public init(dictionaryLiteral elements: (String, QueryKeyValue)...) {
        self = .object(QueryKeyObject(unsorted: elements))
    }
    /// Creates `null`.
    public init(nilLiteral: ()) { self = .null }
}
