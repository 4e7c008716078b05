#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Musl)
    internal import Musl
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// A failed POSIX call: the call's name and the `errno` it left behind.
package struct SystemCallError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The name of the failed call, such as `"connect"`.
    package let call: String
    /// The `errno` value after the call.
    package let code: Int32

    package init(call: String, code: Int32) {
        self.call = call
        self.code = code
    }

    package var description: String {
        "\(call) failed: \(String(cString: strerror(code))) (errno \(code))"
    }
}

/// Runs a POSIX call, retrying on `EINTR` and throwing `errno` with the call's name on `-1`.
@discardableResult
@inline(__always)
package func syscall<Result: FixedWidthInteger>(
    _ name: String,
    _ body: () -> Result
) throws(SystemCallError) -> Result {
    while true {
        let result = body()
        if result != -1 { return result }
        let code = errno
        if code == EINTR { continue }
        throw SystemCallError(call: name, code: code)
    }
}
