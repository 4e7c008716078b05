import CoreBackendFuzzing
import Foundation

/// core-backend-fuzz: the fuzz targets of `CoreBackendFuzzing` (see `Fuzz/README.md`).
///
/// Built with `-Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING` (what `Fuzz/run.sh` does) it is a
/// libFuzzer binary: `core-backend-fuzz <target> [libFuzzer flags] [corpus dirs or files]`; the target
/// can also come from `CORE_BACKEND_FUZZ_TARGET` (libFuzzer's `-fork`/`-jobs` children inherit it).
/// Built normally it replays files: `core-backend-fuzz <target> <file or directory>...`. Either way inputs
/// run on a thread with the stack their parser has in production (`CORE_BACKEND_FUZZ_STACK_KB` overrides).
@main
enum FuzzMain {
    static let usage =
        "usage: core-backend-fuzz <\(FuzzTarget.allCases.map(\.rawValue).joined(separator: "|"))> [arguments]"
    static let environmentKey = "CORE_BACKEND_FUZZ_TARGET"

    /// The stack inputs of `target` run on: `CORE_BACKEND_FUZZ_STACK_KB` KiB, by default the stack of the
    /// thread that parses them in production.
    static func stackSize(_ target: FuzzTarget) -> Int {
        ProcessInfo.processInfo.environment["CORE_BACKEND_FUZZ_STACK_KB"].flatMap { Int($0) }.map { $0 * 1024 }
            ?? target.productionStackSize
    }

    static func main() {
        var arguments = CommandLine.arguments
        var target = ProcessInfo.processInfo.environment[environmentKey].flatMap(FuzzTarget.init(rawValue:))
        if arguments.count > 1, let named = FuzzTarget(rawValue: arguments[1]) {
            target = named
            arguments.remove(at: 1)
        }
        guard let target else { fail(usage) }
        #if FUZZING
            setenv(environmentKey, target.rawValue, 1)
            if !arguments.contains(where: { $0.hasPrefix("-max_len=") }) {
                arguments.insert("-max_len=\(target.maximumInputLength)", at: 1)
            }
            selectedTarget = target
            // libFuzzer calls the target on the thread that runs the driver: give it the reading thread's stack.
            let driverArguments = arguments
            let thread = Thread { exit(runLibFuzzer(driverArguments)) }
            thread.stackSize = stackSize(target)
            thread.start()
            while true { sleep(3600) }
        #else
            exit(replay(target, paths: Array(arguments.dropFirst())))
        #endif
    }

    /// Runs every file under `paths` through `target`; 1 if any broke an invariant.
    static func replay(_ target: FuzzTarget, paths: [String]) -> Int32 {
        guard !paths.isEmpty else { fail(usage) }
        var failures = 0
        var count = 0
        for path in paths {
            for file in files(at: path) {
                guard let data = FileManager.default.contents(atPath: file) else { fail("cannot read \(file)") }
                count += 1
                do {
                    try target.run([UInt8](data), stackSize: stackSize(target))
                } catch {
                    failures += 1
                    print("\(file): \(error)")
                }
            }
        }
        print("\(target.rawValue): \(count) inputs, \(failures) failures")
        return failures == 0 ? 0 : 1
    }

    static func files(at path: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            fail("no such file: \(path)")
        }
        guard isDirectory.boolValue else { return [path] }
        let names = (try? FileManager.default.subpathsOfDirectory(atPath: path)) ?? []
        return names.sorted().map { path + "/" + $0 }.filter {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: $0, isDirectory: &isDirectory) && !isDirectory.boolValue
        }
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        exit(2)
    }
}

#if FUZZING
    /// The target libFuzzer's callback runs (a C callback cannot capture it).
    nonisolated(unsafe) var selectedTarget = FuzzTarget.json

    /// libFuzzer's entry point for a program with its own `main` (LLVM 13+).
    @_silgen_name("LLVMFuzzerRunDriver")
    func LLVMFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt

    func runLibFuzzer(_ arguments: [String]) -> Int32 {
        var argc = CInt(arguments.count)
        var pointers: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        return pointers.withUnsafeMutableBufferPointer { buffer in
            var argv = buffer.baseAddress!
            return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
                let bytes = UnsafeRawBufferPointer(start: data, count: size)
                do {
                    try selectedTarget.run(bytes)
                } catch {
                    fatalError("\(selectedTarget.rawValue): invariant broken: \(error)")
                }
                return 0
            }
        }
    }
#endif
