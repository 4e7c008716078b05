@_exported import CoreBackendRuntime
