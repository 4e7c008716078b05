/// Swift's reserved words, which need backticks as identifiers.
let swiftKeywords: Set<String> = [
    "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout",
    "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public", "rethrows", "static",
    "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue", "default", "defer", "do",
    "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return", "throw", "switch", "where", "while",
    "Any", "as", "await", "false", "is", "nil", "self", "Self", "super", "throws", "true", "try", "Type",
]

func isIdentifier(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { return false }
    return text.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
        && !swiftKeywords.contains(text)
}

func isTypeName(_ text: String) -> Bool {
    isIdentifier(text) && text.first?.isUppercase == true
}

/// Splits `some_value-name` / `someValueName` into words.
private func words(_ text: String) -> [String] {
    text.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
}

/// `partial_support` → `PartialSupport`, `fullSupport` → `FullSupport`.
func upperCamel(_ text: String) -> String {
    let result = words(text).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    guard let first = result.first else { return "Value" }
    return first.isNumber ? "_" + result : result
}

/// A property or case name: camelCase, keywords escaped later by the renderer.
func propertyName(_ text: String) -> String {
    let parts = words(text)
    guard !parts.isEmpty else { return "value" }
    var result = ""
    for (index, part) in parts.enumerated() {
        let isAllCaps = part == part.uppercased() && part.contains(where: \.isLetter)
        let word = isAllCaps ? part.lowercased() : part
        result +=
            index == 0 ? word.prefix(1).lowercased() + word.dropFirst() : word.prefix(1).uppercased() + word.dropFirst()
    }
    return result.first!.isNumber ? "_" + result : result
}

/// A crude singular for naming array elements: `topHolders` → `TopHolder`, `Entries` → `Entry`.
func singular(_ name: String) -> String {
    if name.hasSuffix("ies") { return String(name.dropLast(3)) + "y" }
    if name.hasSuffix("s") && !name.hasSuffix("ss") { return String(name.dropLast()) }
    return name + "Element"
}

/// The identifier as written in Swift source (keywords in backticks).
func escaped(_ identifier: String) -> String {
    swiftKeywords.contains(identifier) ? "`\(identifier)`" : identifier
}

/// A method name: `FindPetById` → `findPetById` (keywords escaped by the renderer).
func lowerCamel(_ text: String) -> String { propertyName(text) }

/// A Swift type name for a spec name: kept when it is one (`V2ActiveNetworks`, `Pet`), otherwise
/// UpperCamel (`find pet by id` → `FindPetById`, `list-data-sets` → `ListDataSets`, `user` → `User`).
func typeName(_ text: String) -> String {
    let name = isTypeName(text) ? text : upperCamel(text)
    return reservedTypeNames.contains(name) ? name + "Model" : name
}

/// Types generated code names without qualification: a schema called `String` or `JSONValue` would hide
/// them, so such a schema is generated as `StringModel`, `JSONValueModel`.
let reservedTypeNames: Set<String> = [
    "String", "Int", "Int32", "Int64", "Double", "Bool", "JSONValue", "Codable", "Sendable", "Hashable", "Decoder",
    "Encoder", "DecodingError", "CodingKey", "RawRepresentable", "ExpressibleByStringLiteral", "Optional", "Array",
    "Dictionary", "Void", "URL", "Data", "QueryKey", "QueryKeyValue", "QueryKeyRepresentable",
    "QueryParameterRepresentable", "QueryOptions", "QueryString", "FetchOptions", "APIRequester", "APIError",
    "Type", "Self", "Protocol", "Any", "CodingKeys", "DiscriminatorKey",
]

/// Types that the module of a spec without a namespace (`x-client`: the MetaMask specs, generated into
/// `CoreBackend` itself) names without qualification in hand-written code: a top-level schema called `Error`
/// would make every `any Error` of the module mean it. Such a schema is generated as `ErrorModel`. Inside a
/// namespace (`PetstoreExpanded.Error`) these names shadow nothing outside it and are kept.
let moduleScopeReservedTypeNames: Set<String> = [
    "Error", "Task", "Result", "Never", "Duration", "Set", "Date", "UUID", "Float", "UInt", "UInt8", "UInt16",
    "UInt32", "UInt64", "Int8", "Int16", "Character", "Substring", "Equatable", "Comparable", "Identifiable",
    "Encodable", "Decodable", "Collection", "Sequence", "Clock", "ContinuousClock", "Actor", "MainActor",
    "AsyncStream", "CancellationError", "Mutex",
]

/// `name`, or `name2`, `name3`, … whichever `taken` does not hold yet; the result is added to `taken`.
func uniqueName(_ name: String, avoiding taken: inout Set<String>) -> String {
    var candidate = name
    var counter = 2
    while taken.contains(candidate) {
        candidate = name + String(counter)
        counter += 1
    }
    taken.insert(candidate)
    return candidate
}
