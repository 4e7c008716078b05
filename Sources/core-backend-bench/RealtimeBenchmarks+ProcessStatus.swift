import Foundation

/// What `/proc/self` says about this process: memory, descriptors, threads.
extension RealtimeBenchmarks {
    /// `/proc/self/status` sizes in kB (`VmRSS`, `VmHWM`, …); empty where unavailable.
    static func memoryStatus() -> [String: Double] {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return [:] }
        var values: [String: Double] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let number = parts[1].split(whereSeparator: { $0 == " " || $0 == "\t" }).first.flatMap { Double($0) }
            if let number { values[String(parts[0])] = number }
        }
        return values
    }

    /// Resets `VmHWM` to the current RSS (Linux ≥ 4.0: `5` → `/proc/self/clear_refs`).
    static func resetPeakRSS() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    static func openFileDescriptors() -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? -1
    }

    /// Open socket descriptors (`/proc/self/fd/*` → `socket:[…]`).
    static func openSockets() -> Int {
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return fds.filter { fd in
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(fd)"))?.hasPrefix("socket:")
                == true
        }.count
    }

    static func threadCount() -> Int { Int(memoryStatus()["Threads"] ?? -1) }
}
