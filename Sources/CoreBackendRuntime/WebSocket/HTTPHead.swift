/// The start line and headers of an HTTP/1.1 request or response, as used by the upgrade handshake.
package struct HTTPHead: Sendable, Hashable {
    /// The start line, such as `GET /path HTTP/1.1` or `HTTP/1.1 101 Switching Protocols`.
    package var startLine: String
    /// Header fields in order, names as received.
    package var fields: [(name: String, value: String)]

    /// The largest head accepted, in bytes.
    package static let maximumSize = 16 * 1024
    /// The most header fields accepted in one head.
    package static let maximumFieldCount = 100

    /// The value of the header `name` (case-insensitive); repeated fields are joined with ", ".
    package subscript(name: String) -> String? {
        let values = fields.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
        return values.isEmpty ? nil : values.joined(separator: ", ")
    }

    /// All headers with lower-cased names; repeated fields are joined with ", ".
    package var headerDictionary: [String: String] {
        var result: [String: String] = [:]
        for (name, value) in fields {
            let key = name.lowercased()
            result[key] = result[key].map { "\($0), \(value)" } ?? value
        }
        return result
    }

    /// Whether the comma-separated header `name` contains `token` (case-insensitive).
    package func header(_ name: String, containsToken token: String) -> Bool {
        guard let value = self[name] else { return false }
        return value.split(separator: ",").contains {
            $0.trimmingSpaces().lowercased() == token.lowercased()
        }
    }

    /// Parses a head ending in CRLF CRLF at the start of `bytes`.
    ///
    /// Bounded for hostile peers: at most ``maximumSize`` bytes and ``maximumFieldCount`` fields;
    /// field names must be non-empty and free of white space and control characters, values free of
    /// control characters other than tab. Messages in ``HTTPHeadError/malformed(_:)`` quote the peer's
    /// text sanitised (``UntrustedText``).
    ///
    /// - Parameter searchStart: where to start looking for CRLF CRLF, so a caller that parses again
    ///   after each read need not rescan what it already searched (pass the previous byte count).
    /// - Returns: the head and the number of bytes it used, or nil if the terminator has not arrived yet.
    /// - Throws: ``HTTPHeadError`` if the head is malformed or too large.
    package static func parse(_ bytes: UnsafeRawBufferPointer, searchStart: Int = 0) throws(HTTPHeadError) -> (
        HTTPHead, Int
    )? {
        var end = -1
        if bytes.count >= 4 {
            for index in max(0, min(searchStart - 3, bytes.count - 4))...(bytes.count - 4)
            where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
                end = index
                break
            }
        }
        guard end >= 0 else {
            if bytes.count > maximumSize { throw .tooLarge }
            return nil
        }
        guard end <= maximumSize else { throw .tooLarge }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[0..<end]), as: UTF8.self)
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: false)
        guard !lines.isEmpty, !lines[0].isEmpty else { throw .malformed("empty start line") }
        guard lines.count - 1 <= maximumFieldCount else { throw .tooManyFields }
        let startLine = String(lines.removeFirst())
        guard !startLine.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw .malformed("control character in start line: \(UntrustedText.sanitize(startLine, maximumLength: 80))")
        }
        var fields: [(String, String)] = []
        fields.reserveCapacity(lines.count)
        for line in lines {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex,
                !line[..<colon].unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F })
            else {
                throw .malformed("invalid header line: \(UntrustedText.sanitize(line, maximumLength: 60))")
            }
            let value = line[line.index(after: colon)...]
            guard !value.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\t") || $0.value == 0x7F }) else {
                throw .malformed("control character in header: \(UntrustedText.sanitize(line, maximumLength: 60))")
            }
            fields.append((String(line[..<colon]), value.trimmingSpaces()))
        }
        return (HTTPHead(startLine: startLine, fields: fields), end + 4)
    }

    /// Serialises the head, ending with CRLF CRLF.
    package var bytes: [UInt8] {
        var text = startLine + "\r\n"
        for (name, value) in fields { text += "\(name): \(value)\r\n" }
        text += "\r\n"
        return Array(text.utf8)
    }

    package static func == (lhs: HTTPHead, rhs: HTTPHead) -> Bool {
        lhs.startLine == rhs.startLine && lhs.fields.elementsEqual(rhs.fields) { $0 == $1 }
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(startLine)
        for (name, value) in fields {
            hasher.combine(name)
            hasher.combine(value)
        }
    }
}

/// Why an HTTP head could not be parsed.
package enum HTTPHeadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The head is longer than ``HTTPHead/maximumSize``.
    case tooLarge
    /// The head has more than ``HTTPHead/maximumFieldCount`` header fields.
    case tooManyFields
    /// The head does not follow HTTP/1.1 syntax; any peer text in the message is sanitised.
    case malformed(String)

    package var description: String {
        switch self {
        case .tooLarge: "HTTP head larger than \(HTTPHead.maximumSize) bytes"
        case .tooManyFields: "HTTP head with more than \(HTTPHead.maximumFieldCount) header fields"
        case .malformed(let reason): "malformed HTTP head: \(reason)"
        }
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
