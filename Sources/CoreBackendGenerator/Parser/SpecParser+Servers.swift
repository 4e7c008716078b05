extension SpecParser {
    /// The first server's URL with its variables at their defaults, the generated client's
    /// `defaultBaseURL`; `nil` without `servers` (the client's `baseURL` argument then has no default).
    /// Not a string, empty, or not an absolute http(s) URL (``baseURLProblem(_:)``) is a diagnostic, so the
    /// generated `URL(string:)!` cannot trap at run time.
    mutating func parseBaseURL(_ root: JSONNode) -> String? {
        let serversPointer = Pointer.root.appending("servers")
        guard let servers = root["servers"] else { return nil }
        guard let list = servers.arrayValue else {
            report(serversPointer, "expected an array of servers, found \(servers.kindName)")
            return nil
        }
        guard let first = list.first else { return nil }
        let pointer = serversPointer.appending(0).appending("url")
        guard var url = string(first["url"], at: pointer) else { return nil }
        for variable in first["variables"]?.objectMembers ?? [] {
            let variablePointer = serversPointer.appending(0).appending("variables").appending(variable.key)
            guard let value = string(variable.value["default"], at: variablePointer.appending("default")) else {
                return nil
            }
            url = url.replacingOccurrences("{\(variable.key)}", value)
        }
        if let problem = baseURLProblem(url) { report(pointer, problem) }
        return url
    }
}
