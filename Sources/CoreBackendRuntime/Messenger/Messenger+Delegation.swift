extension Messenger {
    /// Makes the listed actions callable, and the listed events receivable, on `target`.
    ///
    /// This is how a service's messenger is granted exactly the foreign actions and events it needs.
    /// Delegated actions are resolved in this messenger when called, so an action may be delegated
    /// before it is registered and survives unregistering and re-registering. Delegated events are
    /// re-published on `target`, at the forwarder's position among this messenger's subscribers.
    ///
    /// - Throws: ``MessengerError/actionAlreadyDelegated(action:)``,
    ///   ``MessengerError/eventAlreadyDelegated(event:)``, or
    ///   ``MessengerError/actionAlreadyRegistered(action:)`` if `target` already has an action of that name.
    public func delegate(
        actions: [any MessengerAction.Type] = [],
        events: [any MessengerEvent.Type] = [],
        to target: Messenger
    ) throws {
        for action in actions {
            try delegateAction(named: action.name, to: target, skippingExisting: false)
        }
        for event in events {
            try delegateEvent(named: event.name, to: target, skippingExisting: false)
        }
    }

    /// Withdraws delegations to `target`; names never delegated to it are ignored.
    ///
    /// A revoked action then fails on `target` like any missing action; a revoked event stops
    /// reaching `target` (other targets keep receiving it).
    ///
    /// - Throws: ``MessengerError/cannotRevokeFromParent`` if `target` is this messenger's parent.
    public func revoke(
        actions: [any MessengerAction.Type] = [],
        events: [any MessengerEvent.Type] = [],
        from target: Messenger
    ) throws {
        guard target !== parent else { throw MessengerError.cannotRevokeFromParent }
        for action in actions {
            target.state.withLock { state in
                if case .delegated(let source) = state.actions[action.name], source.value === self {
                    state.removeAction(named: action.name)
                }
            }
        }
        for event in events {
            state.withLock { state in
                let name = event.name
                guard let index = state.eventDelegations[name]?.firstIndex(where: { $0.target.value === target })
                else { return }
                let delegation = state.eventDelegations[name]!.remove(at: index)
                _ = state.removeSubscriber(of: name, id: delegation.forwarderID)
            }
        }
    }

    /// Inserts into `target` a wrapper that resolves the action in this messenger when called.
    func delegateAction(named name: String, to target: Messenger, skippingExisting: Bool) throws {
        try target.state.withLock { state in
            switch state.actions[name] {
            case .delegated(let source) where source.value === self:
                if skippingExisting { return }
                throw MessengerError.actionAlreadyDelegated(action: name)
            case .some:
                throw MessengerError.actionAlreadyRegistered(action: name)
            case nil:
                state.insertAction(.delegated(from: WeakMessenger(self)), named: name)
            }
        }
    }

    /// Subscribes a forwarder that re-publishes the event on `target`, and hands over the initial payload.
    func delegateEvent(named name: String, to target: Messenger, skippingExisting: Bool) throws {
        let forwarded: (@Sendable () -> any Sendable)?? = try state.withLock { state in
            if target === parent { state.eventsDelegatedToParent.insert(name) }
            var delegations = state.eventDelegations[name] ?? []
            delegations.removeAll { $0.target.value == nil }
            if delegations.contains(where: { $0.target.value === target }) {
                if skippingExisting { return nil }
                throw MessengerError.eventAlreadyDelegated(event: name)
            }
            let id = state.nextSubscriptionID()
            let weakTarget = WeakMessenger(target)
            state.subscribers[name, default: []].append(
                Subscriber(id: id, isDelegationForwarder: true) { payload in
                    weakTarget.value?.deliver(name, payload)
                }
            )
            delegations.append(EventDelegation(target: weakTarget, forwarderID: id))
            state.eventDelegations[name] = delegations
            return .some(state.initialPayloads[name])
        }
        if case .some(.some(let getPayload)) = forwarded {
            target.receiveInitialPayload(name, getPayload)
        }
    }
}
