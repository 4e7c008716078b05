/// CoreBackend re-exports its runtime, so `import CoreBackend` gives the query cache, HTTP types and
/// WebSocket layer too.
@_exported import CoreBackendRuntime
