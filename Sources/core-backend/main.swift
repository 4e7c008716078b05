import Foundation

/// core-backend: the SDK's command-line tool. See `core-backend --help`.
let status = await CommandLineTool.run(Array(CommandLine.arguments.dropFirst()))
exit(status.rawValue)
