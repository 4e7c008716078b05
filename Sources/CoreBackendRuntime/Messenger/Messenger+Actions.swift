extension Messenger {
    /// Registers the asynchronous handler of an action in this messenger's namespace.
    ///
    /// If the messenger has a parent, the action is then delegated to it (unless it already is),
    /// so the parent can call it too.
    ///
    /// The handler starts on the caller's executor (it is `nonisolated(nonsending)`), so a handler that
    /// answers without waiting costs a `@MainActor` caller no executor hop; a handler that does heavy
    /// work before its first `await` should hand it to a `@concurrent` function.
    ///
    /// - Throws: ``MessengerError/registerActionOutsideNamespace(action:namespace:)`` or
    ///   ``MessengerError/actionAlreadyRegistered(action:)``.
    public func registerActionHandler<Action: MessengerAction>(
        _ action: Action.Type,
        _ handler: nonisolated(nonsending) @escaping @Sendable (Action.Arguments) async throws -> Action.Result
    ) throws {
        let name = Action.name
        try register(
            name,
            .async { arguments in
                try await handler(Self.cast(arguments, to: Action.Arguments.self, name: name))
            })
    }

    /// Registers the synchronous handler of an action in this messenger's namespace.
    ///
    /// A synchronous handler can also be reached by ``callSynchronously(_:_:)``; otherwise it
    /// behaves like the asynchronous overload.
    public func registerActionHandler<Action: MessengerAction>(
        _ action: Action.Type,
        _ handler: @escaping @Sendable (Action.Arguments) throws -> Action.Result
    ) throws {
        let name = Action.name
        try register(
            name,
            .sync { arguments in
                try handler(Self.cast(arguments, to: Action.Arguments.self, name: name))
            })
    }

    /// Removes the handler of an action in this messenger's namespace; does nothing if there is none.
    ///
    /// Delegation wrappers held by other messengers stay; calling them fails until the action is
    /// registered again.
    ///
    /// - Throws: ``MessengerError/unregisterActionOutsideNamespace(action:namespace:)``.
    public func unregisterActionHandler<Action: MessengerAction>(_ action: Action.Type) throws {
        guard owns(Action.name) else {
            throw MessengerError.unregisterActionOutsideNamespace(action: Action.name, namespace: namespace)
        }
        state.withLock { $0.removeAction(named: Action.name) }
    }

    /// Removes every entry of the action table: local handlers and delegated-in actions alike.
    public func clearActions() {
        state.withLock { state in
            state.actions.removeAll()
            state.actionOrder.removeAll()
        }
    }

    /// The names of every action this messenger can call, local or delegated in, in insertion order.
    public var registeredActionTypes: [String] {
        state.withLock { $0.actionOrder }
    }

    /// Calls an action and returns its result; errors thrown by the handler propagate.
    ///
    /// Runs on the caller's executor (`nonisolated(nonsending)`): a synchronous handler, or an
    /// asynchronous one that answers without waiting, completes without an executor hop.
    ///
    /// - Throws: ``MessengerError/actionNotRegistered(action:)`` for a missing action of the own
    ///   namespace (or a delegated action whose source has no handler),
    ///   ``MessengerError/actionNotDelegated(action:namespace:)`` for a foreign action never delegated
    ///   here, or whatever the handler throws.
    public nonisolated(nonsending) func call<Action: MessengerAction>(
        _ action: Action.Type,
        _ arguments: Action.Arguments
    ) async throws -> Action.Result {
        let result: any Sendable
        switch try resolveHandler(Action.name) {
        case .sync(let handler): result = try handler(arguments)
        case .async(let handler): result = try await handler(arguments)
        }
        return try Self.cast(result, to: Action.Result.self, name: Action.name)
    }

    /// Calls an action that takes no arguments, on the caller's executor like ``call(_:_:)``.
    public nonisolated(nonsending) func call<Action: MessengerAction>(_ action: Action.Type) async throws
        -> Action.Result
    where Action.Arguments == Void {
        try await call(action, ())
    }

    /// Calls an action whose handler was registered as synchronous, without suspending.
    ///
    /// Use it where upstream calls an action from synchronous code (a constructor, a selector).
    ///
    /// - Throws: The errors of ``call(_:_:)``, or ``MessengerError/actionNotSynchronous(action:)``
    ///   if the handler is asynchronous.
    public func callSynchronously<Action: MessengerAction>(
        _ action: Action.Type,
        _ arguments: Action.Arguments
    ) throws -> Action.Result {
        guard case .sync(let handler) = try resolveHandler(Action.name) else {
            throw MessengerError.actionNotSynchronous(action: Action.name)
        }
        return try Self.cast(handler(arguments), to: Action.Result.self, name: Action.name)
    }

    /// Calls a synchronous action that takes no arguments, without suspending.
    public func callSynchronously<Action: MessengerAction>(_ action: Action.Type) throws -> Action.Result
    where Action.Arguments == Void {
        try callSynchronously(action, ())
    }

    private func register(_ name: String, _ handler: ErasedActionHandler) throws {
        guard owns(name) else {
            throw MessengerError.registerActionOutsideNamespace(action: name, namespace: namespace)
        }
        try state.withLock { state in
            guard state.actions[name] == nil else { throw MessengerError.actionAlreadyRegistered(action: name) }
            state.insertAction(.local(handler), named: name)
        }
        if let parent {
            try delegateAction(named: name, to: parent, skippingExisting: true)
        }
    }

    /// Finds the handler `call` should invoke, following delegation wrappers to their sources.
    func resolveHandler(_ name: String, throughDelegation: Bool = false) throws -> ErasedActionHandler {
        switch state.withLock({ $0.actions[name] }) {
        case .local(let handler):
            return handler
        case .delegated(let source):
            guard let source = source.value else { throw MessengerError.actionNotRegistered(action: name) }
            return try source.resolveHandler(name, throughDelegation: true)
        case nil:
            if throughDelegation || owns(name) { throw MessengerError.actionNotRegistered(action: name) }
            throw MessengerError.actionNotDelegated(action: name, namespace: namespace)
        }
    }
}
