/// CoreBackendTesting re-exports the runtime-level helpers, so `import CoreBackendTesting` gives the test
/// clock, the loopback servers and the scripted transports too.
@_exported import CoreBackendRuntimeTesting
