import Foundation
import PackagePlugin

/// Generates `<Name>+Generated.swift` for every `Specs/*.json` of the package and compiles it into the
/// target that applies the plugin.
///
/// Each spec is its own build command whose inputs are the spec and the generator executable, so
/// SwiftPM reruns the generator only when one of them changed; the generator also leaves an output
/// file untouched when its bytes would not change.
@main
struct CoreBackendGeneratorPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let specsDirectory = context.package.directoryURL.appending(path: "Specs")
        let generator = try context.tool(named: "core-backend-generator").url
        return try Self.buildCommands(
            specsDirectory: specsDirectory,
            outputDirectory: context.pluginWorkDirectoryURL.appending(path: "GeneratedSources"),
            generator: generator,
            targetName: target.name
        )
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
