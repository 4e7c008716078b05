/// One problem found in a spec, located by file and JSON pointer (or line and column for syntax).
package struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    /// The spec file as given to the generator.
    package var file: String
    /// Where in the document: a JSON pointer such as `/paths/~1v1~1x/get`, or `12:5` for syntax errors.
    package var location: String
    /// What is wrong, and what was expected.
    package var message: String

    /// Creates a diagnostic.
    package init(file: String, location: String, message: String) {
        self.file = file
        self.location = location
        self.message = message
    }

    /// `file: location: message`, one line.
    package var description: String { "\(file): \(location): \(message)" }
}

/// The generator refused a spec; `diagnostics` lists every problem found (structure first, then cross
/// references).
package struct GeneratorFailure: Error, Sendable, CustomStringConvertible {
    /// The problems.
    package var diagnostics: [Diagnostic]
    /// Constructs skipped with a warning before the problems were found.
    package var warnings: [Diagnostic] = []

    /// Creates a failure.
    package init(diagnostics: [Diagnostic], warnings: [Diagnostic] = []) {
        self.diagnostics = diagnostics
        self.warnings = warnings
    }

    /// One line per problem.
    package var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// A JSON pointer under construction (RFC 6901 escaping).
struct Pointer: Hashable, CustomStringConvertible {
    private(set) var tokens: [String] = []

    static let root = Pointer()

    func appending(_ token: String) -> Pointer {
        var copy = self
        copy.tokens.append(token)
        return copy
    }

    func appending(_ index: Int) -> Pointer { appending(String(index)) }

    var description: String {
        tokens.isEmpty
            ? "/"
            : tokens.map { "/" + $0.replacingOccurrences("~", "~0").replacingOccurrences("/", "~1") }.joined()
    }
}

extension String {
    /// Replaces every occurrence of `target` (no Foundation needed).
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var remainder = Substring(self)
        while let range = remainder.range(of: target) {
            result += remainder[..<range.lowerBound] + replacement
            remainder = remainder[range.upperBound...]
        }
        return result + remainder
    }
}

extension Substring {
    fileprivate func range(of target: String) -> Range<Index>? {
        guard let first = target.first else { return nil }
        var start = startIndex
        while let candidate = self[start...].firstIndex(of: first) {
            if self[candidate...].hasPrefix(target) {
                return candidate..<self.index(candidate, offsetBy: target.count)
            }
            start = self.index(after: candidate)
        }
        return nil
    }
}
