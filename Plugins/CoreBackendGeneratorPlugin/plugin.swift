import Foundation
import PackagePlugin

/// Generates `<Name>+Generated.swift` for every `Specs/*.json` of the target that applies the plugin
/// (its own `Specs/` folder when it has one, else the package's) and compiles it into that target.
///
/// Each spec is its own build command whose inputs are the spec and the generator executable, so
/// SwiftPM reruns the generator only when one of them changed; the generator also leaves an output
/// file untouched when its bytes would not change.
@main
struct CoreBackendGeneratorPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let specsDirectory =
            Self.ownSpecsDirectory(of: target) ?? context.package.directoryURL.appending(path: "Specs")
        let generator = try context.tool(named: "core-backend-generator").url
        return try Self.buildCommands(
            specsDirectory: specsDirectory,
            outputDirectory: context.pluginWorkDirectoryURL.appending(path: "GeneratedSources"),
            generator: generator,
            targetName: target.name
        )
    }

    /// `Specs/` in the target's own folder, when it has one. The folder is the shallowest folder of the
    /// target's Swift files (tools version 6.0 has no `Target.directoryURL` yet).
    static func ownSpecsDirectory(of target: any Target) -> URL? {
        let folders = (target as? SourceModuleTarget)?.sourceFiles(withSuffix: "swift").map {
            $0.url.deletingLastPathComponent()
        }
        guard let root = folders?.min(by: { $0.path.count < $1.path.count }) else { return nil }
        let specs = root.appending(path: "Specs")
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: specs.path, isDirectory: &isDirectory)
        return exists && isDirectory.boolValue ? specs : nil
    }

    /// The commands for every spec in `specsDirectory`; plain values in, so the logic is easy to follow.
    static func buildCommands(specsDirectory: URL, outputDirectory: URL, generator: URL, targetName: String) throws
        -> [Command]
    {
        let names = try FileManager.default.contentsOfDirectory(atPath: specsDirectory.path)
            .filter { $0.hasSuffix(".json") }
            .sorted()
        guard !names.isEmpty else {
            throw PluginError.noSpecs(target: targetName, directory: specsDirectory.path)
        }
        return names.map { name in
            let spec = specsDirectory.appending(path: name)
            let stem = String(name.dropLast(".json".count))
            // `petstore-expanded` → `Petstore-expanded+Generated.swift` (file names need not be identifiers).
            let output = outputDirectory.appending(
                path: stem.prefix(1).uppercased() + stem.dropFirst() + "+Generated.swift")
            return .buildCommand(
                displayName: "Generating \(output.lastPathComponent) from Specs/\(name)",
                executable: generator,
                arguments: [spec.path, "--output", output.path],
                inputFiles: [spec, generator],
                outputFiles: [output]
            )
        }
    }
}

/// Why the plugin could not plan the build.
enum PluginError: Error, CustomStringConvertible {
    case noSpecs(target: String, directory: String)

    var description: String {
        switch self {
        case .noSpecs(let target, let directory):
            "Target '\(target)' applies CoreBackendGeneratorPlugin, expected at least one *.json spec in \(directory), found none."
        }
    }
}
