import CoreBackend
import Testing

/// Scenarios 163–164 of http-api.md §4.
@Suite("ApiPlatformClientService")
struct ApiPlatformClientServiceTests {
    // 163. Two calls through a parent messenger return the identical instance; name is ApiPlatformClientService.
    @Test func scenario163SameInstance() async throws {
        let root = Messenger(namespace: Messenger.mockAnyNamespace)
        let messenger = try root.buildChild(namespace: ApiPlatformClientService.name)
        let service = try ApiPlatformClientService(messenger: messenger, clientProduct: "test-client")
        #expect(service.name == "ApiPlatformClientService" && apiPlatformClientServiceName == service.name)
        let first = try await root.call(ApiPlatformClientService.GetApiPlatformClient.self)
        let second = try root.callSynchronously(ApiPlatformClientService.GetApiPlatformClient.self)
        #expect(first === second && first === service.client)
    }

    // 164. The client has accounts, prices, token, tokens with callable fetch methods.
    @Test func scenario164SubClients() throws {
        let messenger = Messenger(namespace: ApiPlatformClientService.name)
        let client = try ApiPlatformClientService(messenger: messenger, clientProduct: "test-client").client
        let fetchers: [Any] = [
            client.accounts.fetchV5MultiAccountBalances, client.prices.fetchV3SpotPrices,
            client.token.fetchTokenList, client.tokens.fetchV3Assets,
        ]
        #expect(fetchers.count == 4)
        #expect(client.accounts.queryClient === client.queryClient && client.tokens.queryClient === client.queryClient)
    }
}
