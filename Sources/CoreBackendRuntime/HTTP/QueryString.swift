/// An ordered list of query parameters, encoded as WHATWG `application/x-www-form-urlencoded`.
///
/// Absent values are omitted, arrays become one comma-joined parameter, and only ASCII letters,
/// digits and `*-._` stay literal (space becomes `+`), so `,` is `%2C` and `:` is `%3A`, exactly as
/// the upstream client's `URLSearchParams`.
package struct QueryString: Sendable, Equatable {
    /// The unencoded (name, value) pairs in emission order.
    package private(set) var items: [(name: String, value: String)] = []

    /// Creates an empty query.
    package init() {}

    /// Appends `value` under `name` unless it is `nil`.
    package mutating func append(_ name: String, _ value: (some QueryParameterRepresentable)?) {
        guard let value else { return }
        items.append((name, value.queryParameterString))
    }

    /// The encoded query without a leading `?`; empty when there are no parameters.
    package var encoded: String {
        var output = ""
        for (index, item) in items.enumerated() {
            if index > 0 { output += "&" }
            Self.formEncode(item.name, into: &output)
            output += "="
            Self.formEncode(item.value, into: &output)
        }
        return output
    }

    package static func == (lhs: QueryString, rhs: QueryString) -> Bool {
        lhs.items.elementsEqual(rhs.items) { $0.name == $1.name && $0.value == $1.value }
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// Appends `string` form-encoded (`application/x-www-form-urlencoded`, as `URLSearchParams` does).
    package static func formEncode(_ string: String, into output: inout String) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(string.utf8.count)
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "*"), UInt8(ascii: "-"),
                UInt8(ascii: "."), UInt8(ascii: "_"):
                bytes.append(byte)
            case UInt8(ascii: " "):
                bytes.append(UInt8(ascii: "+"))
            default:
                bytes.append(UInt8(ascii: "%"))
                bytes.append(hexDigits[Int(byte >> 4)])
                bytes.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        output += String(decoding: bytes, as: UTF8.self)
    }
}
