import CoreBackendRuntimeTesting
import Foundation
import Testing

/// A throwaway CA and two server certificates made with the `openssl` command line in a temporary directory.
struct TestCertificates: Sendable {
    let directory: URL
    /// The CA certificate (PEM) to trust.
    var caFile: String { directory.appendingPathComponent("ca.pem").path }
    /// A certificate for `localhost` and `127.0.0.1`, signed by the CA.
    var serverCertificate: String { directory.appendingPathComponent("server.pem").path }
    var serverKey: String { directory.appendingPathComponent("server.key").path }
    /// A certificate for `other.example` only, signed by the same CA.
    var otherCertificate: String { directory.appendingPathComponent("other.pem").path }
    var otherKey: String { directory.appendingPathComponent("other.key").path }

    /// Made once per test process, off the cooperative pool (`openssl` runs five times).
    private static let making = Task { try await offPool { try TestCertificates() } }

    /// The certificates of this test process, made by the first caller.
    static func shared() async throws -> TestCertificates { try await making.value }

    private init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "corebackend-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try run(
            ["req", "-x509"] + ec + [
                "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=CoreBackend Test CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            ])
        try issue("server", names: "DNS:localhost,IP:127.0.0.1")
        try issue("other", names: "DNS:other.example")
    }

    private func issue(_ name: String, names: String) throws {
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try run(["req"] + ec + ["-keyout", "\(name).key", "-out", "\(name).csr", "-subj", "/CN=\(name)"])
        try "subjectAltName=\(names)\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n"
            .write(to: directory.appendingPathComponent("\(name).ext"), atomically: true, encoding: .utf8)
        try run([
            "x509", "-req", "-in", "\(name).csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "\(name).pem", "-days", "2", "-extfile", "\(name).ext",
        ])
    }

    private func run(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CertificateError(message: "openssl \(arguments.joined(separator: " ")) failed")
        }
    }

    struct CertificateError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
