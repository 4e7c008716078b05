extension SpecParser {
    /// Follows `$ref`s to `#/components/<section>/<Name>` (at most 8 in a row, so a cycle cannot loop):
    /// the node it names and that node's pointer. A node without `$ref` is returned as it is; a reference
    /// elsewhere or to nothing is reported and gives `nil`.
    mutating func resolved(_ node: JSONNode, section: String, at pointer: Pointer) -> (JSONNode, Pointer)? {
        var current = node
        var location = pointer
        for _ in 0..<8 {
            guard let ref = current["$ref"] else { return (current, location) }
            let prefix = "#/components/\(section)/"
            guard let target = ref.stringValue, target.hasPrefix(prefix) else {
                report(location.appending("$ref"), "unsupported reference; expected '\(prefix)<Name>'")
                return nil
            }
            let name = String(target.dropFirst(prefix.count))
            guard let next = document["components"]?[section]?[name] else {
                report(location.appending("$ref"), "unknown $ref '\(target)'")
                return nil
            }
            current = next
            location = Pointer.root.appending("components").appending(section).appending(name)
        }
        report(pointer.appending("$ref"), "reference chain too long (a cycle?)")
        return nil
    }

    /// Whether a media type is JSON: `application/json`, with parameters, or any `+json` type.
    static func isJSONMediaType(_ type: String) -> Bool {
        let base = type.split(separator: ";").first.map { String($0).lowercased() } ?? ""
        let trimmed = String(base.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
        return trimmed == "application/json" || trimmed.hasSuffix("+json")
    }

    /// The JSON entry of a `content` object; warns about every other media type it skips.
    mutating func jsonMedia(
        _ content: JSONNode, what: String, at pointer: Pointer
    ) -> (media: JSONNode, pointer: Pointer, others: [String])? {
        var chosen: (JSONNode, Pointer)?
        var others: [String] = []
        for member in content.objectMembers ?? [] {
            if chosen == nil && Self.isJSONMediaType(member.key) {
                chosen = (member.value, pointer.appending(member.key))
            } else {
                others.append(member.key)
            }
        }
        guard let chosen else { return nil }
        for other in others {
            warn(
                pointer.appending(other),
                "unsupported \(Self.mediaKind(other)) media type '\(other)' of \(what); only JSON is generated, skipped"
            )
        }
        return (chosen.0, chosen.1, others)
    }

    /// What to call a non-JSON media type in a warning: XML, multipart, form or plain.
    static func mediaKind(_ type: String) -> String {
        if type.contains("xml") { return "XML" }
        if type.hasPrefix("multipart/") { return "multipart" }
        if type.hasPrefix("application/x-www-form-urlencoded") { return "form" }
        return "non-JSON"
    }
}
