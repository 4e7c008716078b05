import CoreBackend

/// The S6 example of websocket.md §3.2 and its pieces.
enum ActivityFixtures {
    static let address = "0xd14b52362b5b777ffa754c666ddec6722aaeee08"
    static let channel = "account-activity.v1.eip155:8453:\(address)"

    static let data: JSONValue = [
        "address": .string(address),
        "tx": [
            "id": "0x1cde4f0a7b3e9d2c8f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e",
            "chain": "eip155:8453",
            "status": "confirmed",
            "timestamp": 1_760_099_871,
            "from": "0x7b07f1c2d3e4a5b6c7d8e9f0a1b2c3d4e5f6a7b8",
            "to": .string(address),
        ],
        "updates": [
            [
                "asset": [
                    "fungible": true,
                    "type": "eip155:8453/erc20:0x833589fcd6edb6e08f4c7c32d4f71b54bda02913",
                    "unit": "USDC",
                    "decimals": 6,
                ],
                "postBalance": ["amount": "0xc350"],
                "transfers": [
                    [
                        "from": "0x7b07f1c2d3e4a5b6c7d8e9f0a1b2c3d4e5f6a7b8",
                        "to": .string(address),
                        "amount": "0x2710",
                    ]
                ],
            ]
        ],
    ]

    static let transaction = AccountActivityMessage.Transaction(
        id: "0x1cde4f0a7b3e9d2c8f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e", chain: "eip155:8453",
        status: .confirmed, timestamp: 1_760_099_871, from: "0x7b07f1c2d3e4a5b6c7d8e9f0a1b2c3d4e5f6a7b8", to: address)

    static let updates = [
        AccountActivityMessage.BalanceUpdate(
            asset: .init(
                fungible: true, type: "eip155:8453/erc20:0x833589fcd6edb6e08f4c7c32d4f71b54bda02913", unit: "USDC",
                decimals: 6),
            postBalance: .init(amount: "0xc350"),
            transfers: [.init(from: "0x7b07f1c2d3e4a5b6c7d8e9f0a1b2c3d4e5f6a7b8", to: address, amount: "0x2710")])
    ]

    static func notification(_ data: JSONValue = data, subscriptionId: String = "sub-1", channel: String = channel)
        -> ServerNotificationMessage
    {
        ServerNotificationMessage(
            event: "notification", subscriptionId: subscriptionId, channel: channel, data: data,
            timestamp: 1_760_099_872_150)
    }

    /// `data` with the value at `path` replaced (or removed when `value` is `nil`).
    static func data(setting path: [String], to value: JSONValue?) -> JSONValue {
        func set(_ json: JSONValue, _ path: ArraySlice<String>) -> JSONValue {
            guard let key = path.first else { return value ?? .null }
            switch json {
            case .object(var object):
                if path.count == 1, value == nil {
                    object[key] = nil
                } else {
                    object[key] = set(object[key] ?? .null, path.dropFirst())
                }
                return .object(object)
            case .array(var array):
                guard let index = Int(key), array.indices.contains(index) else { return json }
                array[index] = set(array[index], path.dropFirst())
                return .array(array)
            default:
                return json
            }
        }
        return set(data, path[...])
    }
}
