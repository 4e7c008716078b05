import CoreBackendRuntimeTesting
import Testing

@testable import CoreBackend

/// The routing indexes answer exactly what a scan in creation order answers (the definition of §3.4),
/// over random operation sequences drawn from a seeded generator. The sequences run off the cooperative
/// pool (`offPool`) and return their mismatches, so these CPU-bound checks never starve other tests.
@Suite("BackendWebSocketService: indexes vs naive scan")
struct BackendWebSocketIndexPropertyTests {
    typealias Stored = BackendWebSocketServiceState.StoredSubscription

    /// A small alphabet so operations collide: same addresses in different case, chains, prefixes.
    static let channels: [String] = {
        var result = ["legacy-channel.v1.test-topic", "market-data.v1.eip155:8453/erc20:0xA.1m.usd", "plain", "a.b"]
        for prefix in ["account-activity.v1", "custom.v2"] {
            for reference in ["0", "1", "42161"] {
                for address in ["0xAbC", "0xabc", "0xdef", "SoLaddr", "soladdr"] {
                    result.append("\(prefix).eip155:\(reference):\(address)")
                }
                result.append("\(prefix).solana:\(reference):SoLaddr")
            }
        }
        return result
    }()

    static let prefixes = [
        "", "account", "account-activity", "account-activity.", "account-activity.v1", "account-activity.v1.",
        "account-activity.v1.eip155:0", "account-activity.v1.eip155:0:0xabc", "custom.", "market-data.v1.", "a.",
        "plain", "zzz.",
    ]

    static func pick<T>(_ list: [T], _ random: inout SplitMix64) -> T {
        list[Int(random.next() % UInt64(list.count))]
    }

    /// A naive model: an array in creation order, replaced in place.
    struct Naive {
        var subscriptions: [Stored] = []

        mutating func store(_ subscription: Stored) {
            if let index = subscriptions.firstIndex(where: { $0.subscriptionId == subscription.subscriptionId }) {
                subscriptions[index] = subscription
            } else {
                subscriptions.append(subscription)
            }
        }

        func route(id: String, channel: String?) -> Stored? {
            if let match = subscriptions.first(where: { $0.subscriptionId == id }) { return match }
            guard let channel, !channel.isEmpty else { return nil }
            return subscriptions.first { stored in
                stored.channels.contains { BackendWebSocketChannelMatcher.matches(registered: $0, notified: channel) }
            }
        }
    }

    /// Mismatches between an index and the scan, described (checked on the test's task afterwards).
    struct Mismatches {
        var found: [String] = []
        var step = 0

        mutating func expect<T: Equatable>(_ index: T, _ scan: T, _ what: String) {
            if index != scan { found.append("step \(step), \(what): index \(index), scan \(scan)") }
        }
    }

    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func subscriptionTableMatchesScan(seed: UInt64) async {
        let mismatches = await offPool { Self.runSubscriptionSequence(seed: seed) }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    static func runSubscriptionSequence(seed: UInt64) -> [String] {
        var random = SplitMix64(seed: seed)
        var table = BackendWebSocketSubscriptionTable()
        var naive = Naive()
        var mismatches = Mismatches()
        for step in 0..<400 {
            mismatches.step = step
            let id = "sub-\(random.next() % 12)"
            switch random.next() % 10 {
            case 0..<5:
                let count = Int(random.next() % 4)
                let chosen = (0..<count).map { _ in pick(Self.channels, &random) }
                let subscription = Stored(subscriptionId: id, channels: chosen, channelType: "t", callback: nil)
                table.store(subscription)
                naive.store(subscription)
            case 5..<8:
                let removed = table.remove(id)?.subscriptionId
                mismatches.expect(
                    removed, naive.subscriptions.first { $0.subscriptionId == id }?.subscriptionId, "remove")
                naive.subscriptions.removeAll { $0.subscriptionId == id }
            case 8 where random.next() % 8 == 0:
                table.removeAll()
                naive.subscriptions.removeAll()
            default:
                break
            }
            check(table, against: naive, &random, &mismatches)
        }
        return mismatches.found
    }

    private static func check(
        _ table: BackendWebSocketSubscriptionTable, against naive: Naive, _ random: inout SplitMix64,
        _ mismatches: inout Mismatches
    ) {
        mismatches.expect(table.all.map(\.subscriptionId), naive.subscriptions.map(\.subscriptionId), "all")
        mismatches.expect(table.count, naive.subscriptions.count, "count")
        let channel = pick(channels, &random)
        mismatches.expect(
            table.subscriptions(withChannel: channel).map(\.subscriptionId),
            naive.subscriptions.filter { $0.channels.contains(channel) }.map(\.subscriptionId), "by channel \(channel)")
        mismatches.expect(
            table.hasSubscription(channel: channel), naive.subscriptions.contains { $0.channels.contains(channel) },
            "has \(channel)")
        let prefix = pick(prefixes, &random)
        mismatches.expect(
            table.subscriptions(withChannelPrefix: prefix).map(\.subscriptionId),
            naive.subscriptions.filter { $0.channels.contains { $0.hasPrefix(prefix) } }.map(\.subscriptionId),
            "prefix \(prefix)")
        let id = "sub-\(random.next() % 14)"
        let notified = random.next() % 6 == 0 ? nil : pick(channels + [""], &random)
        mismatches.expect(
            table.route(subscriptionId: id, channel: notified)?.subscriptionId,
            naive.route(id: id, channel: notified)?.subscriptionId, "route \(id) \(notified ?? "nil")")
    }

    @Test(arguments: [11, 12, 13] as [UInt64])
    func channelCallbackTableMatchesScan(seed: UInt64) async {
        let mismatches = await offPool { Self.runCallbackSequence(seed: seed) }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    static func runCallbackSequence(seed: UInt64) -> [String] {
        var random = SplitMix64(seed: seed)
        var table = ChannelCallbackTable()
        var naive: [String] = []  // names in registration order
        var mismatches = Mismatches()
        for step in 0..<300 {
            mismatches.step = step
            let name = pick(channels, &random)
            if random.next() % 3 == 0 {
                mismatches.expect(table.remove(name), naive.contains(name), "remove \(name)")
                naive.removeAll { $0 == name }
            } else {
                table.add(ChannelCallback(channelName: name, callback: { _ in }))
                if !naive.contains(name) { naive.append(name) }
            }
            mismatches.expect(table.all.map(\.channelName), naive, "all")
            let notified = pick(channels, &random)
            let isAccount = BackendWebSocketChannelMatcher.AccountChannel(notified) != nil
            let expected =
                naive.first { $0 == notified }
                ?? (isAccount
                    ? naive.first { BackendWebSocketChannelMatcher.matches(registered: $0, notified: notified) } : nil)
            mismatches.expect(
                table.callback(for: notified, isAccountChannel: { isAccount })?.channelName, expected,
                "callback for \(notified)")
        }
        return mismatches.found
    }

    // Families: the dot-terminated prefixes before the first colon.
    @Test func familiesOfChannels() {
        #expect(
            BackendWebSocketSubscriptionTable.families(of: "account-activity.v1.eip155:0:0x.a")
                == ["account-activity.", "account-activity.v1."])
        #expect(BackendWebSocketSubscriptionTable.families(of: "plain").isEmpty)
        #expect(BackendWebSocketSubscriptionTable.family(containing: "account-activity.v1") == "account-activity.")
        #expect(BackendWebSocketSubscriptionTable.family(containing: "a:b.c") == nil)
    }
}
