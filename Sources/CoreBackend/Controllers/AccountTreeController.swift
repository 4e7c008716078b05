import CoreBackendRuntime

/// Messages of MetaMask's AccountTreeController used by AccountActivityService.
public enum AccountTreeController {
    /// `AccountTreeController:getAccountsFromSelectedAccountGroup`: the selected group's accounts, in order.
    ///
    /// Returns `[]` when no group is selected. Upstream's optional account selector is not modelled;
    /// core-backend never passes one.
    public enum GetAccountsFromSelectedAccountGroup: MessengerAction {
        /// The accounts of the selected account group.
        public typealias Result = [InternalAccount]
        /// `AccountTreeController:getAccountsFromSelectedAccountGroup`.
        public static let name: String = "AccountTreeController:getAccountsFromSelectedAccountGroup"
    }

    /// `AccountTreeController:selectedAccountGroupChange`: another account group was selected.
    public enum SelectedAccountGroupChange: MessengerEvent {
        /// The new and the previous group id.
        public typealias Payload = SelectedAccountGroupChangePayload
        /// `AccountTreeController:selectedAccountGroupChange`.
        public static let name: String = "AccountTreeController:selectedAccountGroupChange"
    }

    /// The payload of ``SelectedAccountGroupChange``: upstream's `[newGroupId, previousGroupId]`.
    public struct SelectedAccountGroupChangePayload: Hashable, Sendable {
        /// The selected group id (e.g. `entropy:01JKAF3DSGM3AB87EM9N0K41AJ/0`), or `""` for none.
        public var groupId: String
        /// The previously selected group id, or `""` for none.
        public var previousGroupId: String

        /// Creates a payload.
        public init(groupId: String, previousGroupId: String) {
            self.groupId = groupId
            self.previousGroupId = previousGroupId
        }
    }
}
