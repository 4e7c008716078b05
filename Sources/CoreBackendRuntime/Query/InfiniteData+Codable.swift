/// The members of an encoded ``InfiniteData``.
private enum InfiniteDataCodingKeys: String, CodingKey { case pages, pageParams, nextPageParam }

extension InfiniteData: Encodable where Page: Encodable {
    /// Encodes the pages and their parameters, so a persisted cache keeps infinite queries too.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: InfiniteDataCodingKeys.self)
        try container.encode(pages, forKey: .pages)
        try container.encode(pageParams, forKey: .pageParams)
        try container.encodeIfPresent(nextPageParam, forKey: .nextPageParam)
    }
}

extension InfiniteData: Decodable where Page: Decodable {
    /// Decodes pages written by ``encode(to:)``; their counts must agree.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: InfiniteDataCodingKeys.self)
        let pages = try container.decode([Page].self, forKey: .pages)
        let pageParams = try container.decode([String?].self, forKey: .pageParams)
        guard pages.count == pageParams.count else {
            throw DecodingError.dataCorruptedError(
                forKey: .pageParams, in: container, debugDescription: "one parameter per page expected")
        }
        self.init(
            pages: pages, pageParams: pageParams,
            nextPageParam: try container.decodeIfPresent(String.self, forKey: .nextPageParam))
    }
}
