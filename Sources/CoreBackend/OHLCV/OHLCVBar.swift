import CoreBackendRuntime
import Foundation

/// One candle (upstream `OHLCVBar`); prices in the subscribed currency.
///
/// Numbers sent as strings are accepted; unknown fields are ignored.
public struct OHLCVBar: Sendable, Hashable, Codable {
    /// Unix time in **seconds** of the candle's open.
    public var timestamp: Double
    /// Opening price.
    public var open: Double
    /// Highest price.
    public var high: Double
    /// Lowest price.
    public var low: Double
    /// Latest (closing) price.
    public var close: Double
    /// Traded volume.
    public var volume: Double

    /// Creates a bar.
    public init(timestamp: Double, open: Double, high: Double, low: Double, close: Double, volume: Double) {
        self.timestamp = timestamp
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
    }

    /// Decodes a bar.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        timestamp = try container.decodeNumber(forKey: .timestamp)
        open = try container.decodeNumber(forKey: .open)
        high = try container.decodeNumber(forKey: .high)
        low = try container.decodeNumber(forKey: .low)
        close = try container.decodeNumber(forKey: .close)
        volume = try container.decodeNumber(forKey: .volume)
    }

    /// Decodes the `data` of a bar notification.
    ///
    /// - Throws: ``OHLCVBarDecodingError`` naming the first missing or mistyped field.
    public init(json: JSONValue) throws {
        do {
            try json.checkNestingDepth()  // the round trip below recurses per level
            self = try JSONDecoder().decode(Self.self, from: JSONEncoder().encode(json))
        } catch let error as DecodingError {
            throw OHLCVBarDecodingError(AccountActivityDecodingError(error))
        }
    }
}

/// Why a bar notification could not be decoded.
public struct OHLCVBarDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The field, e.g. `close`.
    public var path: String
    /// What was wrong with it.
    public var reason: String

    init(_ error: AccountActivityDecodingError) {
        path = error.path
        reason = error.reason
    }

    /// For example `Invalid OHLCV bar: close missing`.
    public var description: String { "Invalid OHLCV bar: \(path.isEmpty ? "data" : path) \(reason)" }
}

/// What to stream: a CAIP-19 asset, a candle interval and a quote currency, all used verbatim.
public struct OHLCVSubscriptionOptions: Sendable, Hashable {
    /// The CAIP-19 asset id, e.g. `eip155:8453/erc20:0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913`.
    public var assetId: String
    /// The candle interval: `1m`, `5m`, `15m`, `1h`, `4h` or `1d`.
    public var interval: String
    /// The quote currency, e.g. `usd`.
    public var currency: String

    /// Creates options.
    public init(assetId: String, interval: String, currency: String) {
        self.assetId = assetId
        self.interval = interval
        self.currency = currency
    }

    /// `market-data.v1.<assetId>.<interval>.<currency>`.
    public var channel: String { "\(OHLCVService.channelType).\(assetId).\(interval).\(currency)" }
}
