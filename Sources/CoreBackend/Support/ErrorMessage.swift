/// The message text of any error, as upstream's `error.message` would show it (shared by the services;
/// keep this the only definition).
func errorMessage(_ error: any Error) -> String {
    String(describing: error)
}
