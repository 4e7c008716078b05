import CoreBackendGenerator
import Foundation

/// core-backend-generator: turns an OpenAPI spec of `Specs/` into Swift.
///
///     core-backend-generator <spec.json> --output <file.swift>   generate (writes only when bytes change)
///     core-backend-generator --check <spec.json>...               validate only
///
/// Exit status: 0 success, 1 invalid spec, 2 bad arguments or I/O failure.
let usage = """
    usage: core-backend-generator <spec.json> --output <file.swift>
           core-backend-generator --check <spec.json>...
    """

func fail(_ message: String, status: Int32) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(status)
}

/// Skipped constructs, one `file: pointer: warning: …` line each on standard error.
func printWarnings(_ warnings: [Diagnostic]) {
    for warning in warnings { FileHandle.standardError.write(Data((warning.description + "\n").utf8)) }
}

func readSpec(_ path: String) -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
        fail("core-backend-generator: cannot read \(path)", status: 2)
    }
    return [UInt8](data)
}

var arguments = Array(CommandLine.arguments.dropFirst())
if arguments.isEmpty || arguments.contains("--help") || arguments.contains("-h") {
    print(usage)
    exit(arguments.isEmpty ? 2 : 0)
}

if arguments.first == "--check" {
    let files = arguments.dropFirst()
    guard !files.isEmpty else { fail(usage, status: 2) }
    var failed = false
    for file in files {
        do {
            let (_, warnings) = try Generator.generateWithWarnings(specData: readSpec(file), file: file)
            printWarnings(warnings)
            print("\(file): OK")
        } catch {
            printWarnings(error.warnings)
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            failed = true
        }
    }
    exit(failed ? 1 : 0)
}

guard arguments.count == 3, arguments[1] == "--output" else { fail(usage, status: 2) }
let specPath = arguments[0]
let outputPath = arguments[2]
let displayName = "Specs/" + (specPath.split(separator: "/").last.map(String.init) ?? specPath)
let source: String
do {
    let (generated, warnings) = try Generator.generateWithWarnings(specData: readSpec(specPath), file: displayName)
    printWarnings(warnings)
    source = generated
} catch {
    printWarnings(error.warnings)
    fail(error.description, status: 1)
}
let bytes = Data(source.utf8)
if FileManager.default.contents(atPath: outputPath) != bytes {
    do {
        try FileManager.default.createDirectory(
            at: URL(fileURLWithPath: outputPath).deletingLastPathComponent(), withIntermediateDirectories: true)
        try bytes.write(to: URL(fileURLWithPath: outputPath), options: .atomic)
    } catch {
        fail("core-backend-generator: cannot write \(outputPath): \(error)", status: 2)
    }
}
