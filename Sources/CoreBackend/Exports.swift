/// CoreBackend re-exports its runtime, so `import CoreBackend` gives the query cache, HTTP types and
/// WebSocket layer too, and the named cache times (`StaleTime`, `GCTime`) the generated clients use.
@_exported import CoreBackendCacheTimes
@_exported import CoreBackendRuntime
