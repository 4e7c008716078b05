import CommandLineOptions
import Testing

@Suite("CommandLineOptions: help text derived from the declarations")
struct CommandHelpTests {
    @Test("the usage line shows required options bare, others in brackets, exclusive ones together")
    func usage() {
        #expect(
            Sample.command.usage
                == """
                USAGE: tool sample <api> [name=value ...] --url URL [--count N] [--port N]
                                   [--token T | --token-file PATH] [--json]
                """)
    }

    @Test("help lists every argument and option with its help and default, and -h/--help")
    func help() {
        let help = Sample.command.help
        #expect(help.hasPrefix("OVERVIEW: A sample.\n\nUSAGE: tool sample <api>"))
        #expect(help.contains("ARGUMENTS:\n  <api>              An API.\n  name=value         Pairs.\n\nOPTIONS:\n"))
        #expect(help.contains("\n  --url URL          Where.\n  --count N          How many.\n"))
        #expect(help.contains("\n  --port N           Port. (default: 0)\n"))
        #expect(help.contains("\n  --token-file PATH  Secret from a file.\n  --json             JSON lines.\n"))
        #expect(help.hasSuffix("\n  -h, --help         Show this help."))
    }

    @Test("multi-line help is indented under its first line; examples come last")
    func layout() {
        let command = Command(
            name: "tool", overview: "Two\nlines.",
            options: [Option(name: "--a", valueName: "X", help: "First.\nSecond.", parser: .string)],
            examples: ["tool --a 1"])
        #expect(
            command.help == """
                OVERVIEW: Two
                lines.

                USAGE: tool [--a X]

                OPTIONS:
                  --a X       First.
                              Second.
                  -h, --help  Show this help.

                EXAMPLES:
                  tool --a 1
                """)
    }
}
