/// The generated operation a request belongs to, for naming its errors: the spec's `operationId`, the
/// client's base URL and the operation's path template. Not public API.
///
/// Cheap to create on every call: nothing is concatenated until an error needs the URL.
package struct APIOperation: Sendable {
    /// The spec's `operationId`, such as `V1SupportedNetworks`.
    package let operationId: String
    /// The base URL without a trailing slash, credentials not yet redacted.
    package let baseURL: String
    /// The path template, such as `/v1/chains/{chainId}/spot-prices`.
    package let pathTemplate: String

    /// Creates an operation.
    package init(operationId: String, baseURL: String, pathTemplate: String) {
        self.operationId = operationId
        self.baseURL = baseURL
        self.pathTemplate = pathTemplate
    }

    /// `error` as a failure of this operation.
    ///
    /// A `CancellationError` stays one. An ``APIError`` gets ``operationId`` when it has none and, when it
    /// has no URL (it was raised before the URL was built), the base URL followed by the path template,
    /// credentials redacted. Any other error becomes ``APIError/Kind/transport``, with that URL.
    package func name(_ error: any Error) -> any Error {
        if error is CancellationError { return error }
        var named: APIError
        switch error {
        case let error as APIError:
            named = error
        default:
            named = APIError.transport(url: "", underlying: error)
        }
        if named.operationId.isEmpty { named.operationId = operationId }
        if named.url.isEmpty { named.url = Redaction.redact(baseURL + pathTemplate) }
        return named
    }
}
