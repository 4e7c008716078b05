import CoreBackendGenerator
import CoreBackendRuntime

/// The generator on arbitrary bytes as a spec file: it must produce Swift or diagnostics, never crash.
///
/// Invariants: a failure carries at least one diagnostic, each naming the file; warnings (skipped
/// constructs) name the file too; a success renders non-empty source; where the generator's JSON parser and the runtime's strict parser both accept
/// the text, they read the same value.
enum SpecFuzzing {
    static let file = "Specs/fuzz.json"

    static func run(_ bytes: UnsafeRawBufferPointer) throws(FuzzFailure) {
        let input = Array(bytes)
        let document: JSONNode
        do {
            document = try Generator.parseJSON(input, file: file)
        } catch {
            try check(!error.diagnostics.isEmpty, "parseJSON failed without a diagnostic")
            return
        }
        if UTF8Validation.string(bytes) != nil,  // the runtime parser's contract
            let value = bytes.withMemoryRebound(to: UInt8.self, JSONValue.init(parsingUTF8:)),
            let converted = jsonValue(document)
        {
            try check(converted == value, "generator JSON \(brief(converted)) != runtime JSON \(brief(value))")
        }
        let parsed: (spec: APISpec, warnings: [Diagnostic])
        do {
            parsed = try Generator.parseSpecWithWarnings(document, file: file)
        } catch {
            try check(!error.diagnostics.isEmpty, "parseSpec failed without a diagnostic")
            try check(error.diagnostics.allSatisfy { $0.file == file }, "a diagnostic names another file")
            return
        }
        try check(parsed.warnings.allSatisfy { $0.file == file }, "a warning names another file")
        try check(!Generator.render(parsed.spec).isEmpty, "rendered nothing")
    }

    /// The node as a runtime value; `nil` when an object repeats a key (the runtime parser declines those).
    static func jsonValue(_ node: JSONNode) -> JSONValue? {
        switch node {
        case .null: return .null
        case .bool(let value): return .bool(value)
        case .number(let value, _): return value.isFinite ? .number(value) : nil
        case .string(let value): return .string(value)
        case .array(let values):
            var array: [JSONValue] = []
            for value in values {
                guard let converted = jsonValue(value) else { return nil }
                array.append(converted)
            }
            return .array(array)
        case .object(let members):
            var object: [String: JSONValue] = [:]
            for (key, value) in members {
                guard let converted = jsonValue(value), object.updateValue(converted, forKey: key) == nil else {
                    return nil
                }
            }
            return .object(object)
        }
    }
}
