/// The generator: parse → validate → render, each a pure function over in-memory values.
///
/// ```swift
/// let swift = try Generator.generate(specData: bytes, file: "Specs/accounts.json")
/// ```
package enum Generator {
    /// Parses the JSON text of a spec; syntax errors carry line and column, nesting deeper than 256 levels
    /// the JSON pointer of the first array or object too deep.
    package static func parseJSON(_ bytes: [UInt8], file: String) throws(GeneratorFailure) -> JSONNode {
        do {
            return try JSONParser.parse(bytes)
        } catch {
            throw GeneratorFailure(diagnostics: [
                Diagnostic(
                    file: file, location: error.pointer ?? "\(error.line):\(error.column)",
                    message: "invalid JSON: \(error.message)")
            ])
        }
    }

    /// Turns a JSON document into a spec model and checks its cross references.
    package static func parseSpec(_ document: JSONNode, file: String) throws(GeneratorFailure) -> APISpec {
        try parseSpecWithWarnings(document, file: file).spec
    }

    /// ``parseSpec(_:file:)`` plus the warnings: constructs skipped because the generator does not support
    /// them (cookie parameters, XML, multipart, callbacks, webhooks, links, non-JSON media types).
    package static func parseSpecWithWarnings(_ document: JSONNode, file: String) throws(GeneratorFailure)
        -> (spec: APISpec, warnings: [Diagnostic])
    {
        var parser = SpecParser(file: file)
        let spec = parser.parse(document)
        var diagnostics = parser.diagnostics
        if let spec { diagnostics += validateSpec(spec, references: parser.references) }
        guard let spec, diagnostics.isEmpty else {
            throw GeneratorFailure(diagnostics: diagnostics, warnings: parser.warnings)
        }
        let (acyclic, cycleWarnings) = breakStorageCycles(spec)
        return (acyclic, parser.warnings + cycleWarnings)
    }

    /// Renders a validated spec as Swift source.
    package static func render(_ spec: APISpec) -> String {
        renderSpec(spec, api: apiName(forFile: spec.file))
    }

    /// The whole pipeline.
    package static func generate(specData bytes: [UInt8], file: String) throws(GeneratorFailure) -> String {
        try generateWithWarnings(specData: bytes, file: file).source
    }

    /// The whole pipeline, with the warnings about skipped constructs (see
    /// ``parseSpecWithWarnings(_:file:)``).
    package static func generateWithWarnings(specData bytes: [UInt8], file: String) throws(GeneratorFailure)
        -> (source: String, warnings: [Diagnostic])
    {
        let document = try parseJSON(bytes, file: file)
        let (spec, warnings) = try parseSpecWithWarnings(document, file: file)
        return (render(spec), warnings)
    }

    /// `Specs/accounts.json` → `accounts`.
    package static func apiName(forFile file: String) -> String {
        let name = file.split(separator: "/").last.map(String.init) ?? file
        return name.hasSuffix(".json") ? String(name.dropLast(5)) : name
    }
}
