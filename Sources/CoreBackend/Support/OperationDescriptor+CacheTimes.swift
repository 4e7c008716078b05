extension OperationDescriptor {
    /// The stale time as a duration, from the ``StaleTime`` table (its default for an unknown name).
    public var staleTimeDuration: Duration { StaleTime.byName[staleTime] ?? StaleTime.default }

    /// The gc time as a duration, from the ``GCTime`` table (its default for an unknown name).
    public var gcTimeDuration: Duration { GCTime.byName[gcTime] ?? GCTime.default }
}
