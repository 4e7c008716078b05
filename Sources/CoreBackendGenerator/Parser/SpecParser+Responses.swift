extension SpecParser {
    /// What an operation's `responses` say: the success type (`Void` for no content), its examples and
    /// the error body type.
    struct ParsedResponses {
        var type: TypeRef
        var examples: [(name: String, value: JSONNode)]
        var error: TypeRef?
    }

    /// The success response: `200`, else the first `2xx`. Reads of documents with `x-client` must have a
    /// `200` JSON response with a schema and an example; others default to any JSON (reads) or `Void`
    /// (writes).
    /// `nil` when the operation is skipped (only non-JSON content) or invalid.
    mutating func parseResponses(_ node: JSONNode?, operationId id: String, isRead: Bool, at operation: Pointer)
        -> ParsedResponses?
    {
        let pointer = operation.appending("responses")
        let strict = namespace == nil && isRead
        let fallback: TypeRef = isRead ? .json : .void
        let members = node?.objectMembers ?? []
        for member in members {
            if member.value["links"] != nil {
                warn(
                    pointer.appending(member.key).appending("links"), "unsupported construct 'links' of \(id); skipped")
            }
        }
        let successKey = members.first { $0.key == "200" }?.key ?? members.first { $0.key.hasPrefix("2") }?.key
        guard let successKey, let success = node?[successKey], !(strict && successKey != "200") else {
            if strict {
                report(pointer.appending("200"), "missing response: every operation needs a '200' response")
                return nil
            }
            return ParsedResponses(type: fallback, examples: [], error: errorType(node, operationId: id, at: pointer))
        }
        guard
            let (response, responsePointer) = resolved(success, section: "responses", at: pointer.appending(successKey))
        else { return nil }
        guard
            let result = successType(response, operationId: id, fallback: fallback, strict: strict, at: responsePointer)
        else {
            return nil
        }
        return ParsedResponses(
            type: result.type, examples: result.examples, error: errorType(node, operationId: id, at: pointer))
    }

    private mutating func successType(
        _ response: JSONNode, operationId id: String, fallback: TypeRef, strict: Bool, at pointer: Pointer
    ) -> (type: TypeRef, examples: [(name: String, value: JSONNode)])? {
        let contentPointer = pointer.appending("content")
        guard let content = response["content"], !(content.objectMembers ?? []).isEmpty else {
            if strict {
                report(
                    contentPointer.appending("application/json"),
                    "missing response schema: expected content 'application/json'")
                return nil
            }
            return (fallback, [])
        }
        guard let (media, mediaPointer, _) = jsonMedia(content, what: id, at: contentPointer) else {
            if strict {
                report(
                    contentPointer.appending("application/json"),
                    "missing response schema: expected content 'application/json'")
            } else {
                let types = (content.objectMembers ?? []).map(\.key).joined(separator: ", ")
                warn(contentPointer, "unsupported response media type (\(types)) of \(id): not JSON; operation skipped")
            }
            return nil
        }
        if strict && media["schema"] == nil {
            report(mediaPointer.appending("schema"), "missing response schema")
            return nil
        }
        guard let type = schemaType(of: media, suggestedName: id + "Response", at: mediaPointer) else { return nil }
        return (type, parseExamples(media, required: strict, at: mediaPointer))
    }

    private mutating func parseExamples(_ media: JSONNode, required: Bool, at mediaPointer: Pointer)
        -> [(name: String, value: JSONNode)]
    {
        var examples: [(name: String, value: JSONNode)] = []
        let examplesPointer = mediaPointer.appending("examples")
        for member in media["examples"]?.objectMembers ?? [] {
            guard let value = member.value["value"] else {
                if member.value["$ref"] != nil || member.value["externalValue"] != nil { continue }
                report(examplesPointer.appending(member.key), "example '\(member.key)' has no 'value'")
                continue
            }
            examples.append((member.key, value))
        }
        if let single = media["example"] { examples.append(("example", single)) }
        if examples.isEmpty && required {
            report(
                examplesPointer,
                "missing response example: add at least one entry to 'examples' (the mock backend serves it)")
        }
        return examples
    }

    /// The JSON schema of the `default` response, else of the first `4xx`/`5xx` one: what an error body
    /// decodes as. Problems here never fail the operation: the type only documents the error body.
    private mutating func errorType(_ node: JSONNode?, operationId id: String, at pointer: Pointer) -> TypeRef? {
        let members = node?.objectMembers ?? []
        let key =
            members.first { $0.key == "default" }?.key
            ?? members.first { $0.key.hasPrefix("4") || $0.key.hasPrefix("5") }?.key
        guard let key, let response = node?[key],
            let (resolvedResponse, responsePointer) = resolved(
                response, section: "responses", at: pointer.appending(key)),
            let content = resolvedResponse["content"]?.objectMembers,
            let json = content.first(where: { Self.isJSONMediaType($0.key) }), json.value["schema"] != nil
        else { return nil }
        return schemaType(
            of: json.value, suggestedName: id + "Error", at: responsePointer.appending("content").appending(json.key))
    }

    /// The type of a media object's `schema` (`JSONValue` without one), its inline types kept as extra
    /// declarations; `nil` when the schema does not translate (reported).
    private mutating func schemaType(of media: JSONNode, suggestedName: String, at mediaPointer: Pointer) -> TypeRef? {
        guard let schema = media["schema"] else { return .json }
        var nested: [TypeDeclaration] = []
        let type = translate(
            schema, at: mediaPointer.appending("schema"), suggestedName: suggestedName, qualifier: nil,
            nested: &nested)
        extraTypes += nested
        return type
    }

    /// A write's JSON body (`$ref` to `components/requestBodies` followed); `nil`, with a warning, when
    /// the body is not JSON (form, multipart, XML): the operation is skipped.
    mutating func parseRequestBody(_ node: JSONNode, operationId id: String, at pointer: Pointer) -> RequestBody? {
        guard let (body, bodyPointer) = resolved(node, section: "requestBodies", at: pointer) else { return nil }
        guard let content = body["content"],
            let (media, mediaPointer, _) = jsonMedia(
                content, what: id, at: bodyPointer.appending("content"))
        else {
            let types = (body["content"]?.objectMembers ?? []).map(\.key)
            let kinds = Set(types.map(Self.mediaKind)).sorted().joined(separator: ", ")
            warn(
                bodyPointer.appending("content"),
                "unsupported request body (\(kinds.isEmpty ? "none" : kinds): \(types.joined(separator: ", "))) of \(id); operation skipped"
            )
            return nil
        }
        guard let type = schemaType(of: media, suggestedName: id + "Request", at: mediaPointer) else { return nil }
        return RequestBody(
            type: type, isRequired: bool(body["required"], at: bodyPointer.appending("required")),
            description: body["description"]?.stringValue)
    }
}
