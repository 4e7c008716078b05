import Foundation

extension HTTPError {
    /// The response body decoded as `type`, e.g. the `default` response schema of a generated operation
    /// (`PetstoreExpanded.Error`); `nil` when there was no JSON body or it does not decode as `type`.
    ///
    /// ```swift
    /// catch let error as APIError {
    ///     if case .http(let http) = error.kind, let detail = http.decodedBody(as: PetstoreExpanded.Error.self) { … }
    /// }
    /// ```
    public func decodedBody<Body: Decodable>(as type: Body.Type) -> Body? {
        guard let body, let data = try? JSONEncoder().encode(body) else { return nil }
        return try? JSONDecoder().decode(Body.self, from: data)
    }
}
