extension SpecParser {
    /// The first server's URL, the generated client's `defaultBaseURL`. Missing, not a string, empty, or
    /// not an absolute http(s) URL (``baseURLProblem(_:)``) is a diagnostic, so the generated
    /// `URL(string:)!` cannot trap at run time.
    mutating func parseBaseURL(_ root: JSONNode) -> String {
        let serversPointer = Pointer.root.appending("servers")
        guard let servers = root["servers"] else {
            report(serversPointer, "missing servers: the first server's url is the client's default base URL")
            return ""
        }
        guard let list = servers.arrayValue else {
            report(serversPointer, "expected an array of servers, found \(servers.kindName)")
            return ""
        }
        guard let first = list.first else {
            report(
                serversPointer, "expected at least one server: the first server's url is the client's default base URL")
            return ""
        }
        let pointer = serversPointer.appending(0).appending("url")
        guard let url = string(first["url"], at: pointer) else { return "" }
        if let problem = baseURLProblem(url) { report(pointer, problem) }
        return url
    }
}
