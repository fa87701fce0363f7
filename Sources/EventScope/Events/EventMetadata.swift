import Foundation

/// What is recorded about an event besides its data: who caused it and why.
public struct EventMetadata: Hashable, Sendable, Codable {
    /// Groups every event that one user action led to.
    public var correlationID: UUID?
    /// The event or command that directly caused this event.
    public var causationID: UUID?
    /// The command that produced the event, chosen by the caller to make a retry safe.
    ///
    /// The engine derives the event ids of a command that has one from it, and answers a
    /// command whose id it finds in the aggregate's history with the events stored the
    /// first time instead of deciding it again: a caller who resends a command after an
    /// in-doubt error (same id) applies it at most once.
    public var commandID: UUID?
    /// Free-form string pairs (e.g. `"user": "ada"`).
    public var custom: [String: String]

    /// Creates metadata; every part is optional.
    public init(correlationID: UUID? = nil, causationID: UUID? = nil, commandID: UUID? = nil, custom: [String: String] = [:]) {
        self.correlationID = correlationID
        self.causationID = causationID
        self.commandID = commandID
        self.custom = custom
    }

    enum CodingKeys: String, CodingKey {
        case correlationID = "correlation_id"
        case causationID = "causation_id"
        case commandID = "command_id"
        case custom
    }

    /// Decodes metadata; every key may be missing (older events have fewer).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        correlationID = try c.decodeIfPresent(UUID.self, forKey: .correlationID)
        causationID = try c.decodeIfPresent(UUID.self, forKey: .causationID)
        commandID = try c.decodeIfPresent(UUID.self, forKey: .commandID)
        custom = try c.decodeIfPresent([String: String].self, forKey: .custom) ?? [:]
    }

    /// Encodes metadata with snake-case keys, leaving out the parts that are absent.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(correlationID, forKey: .correlationID)
        try c.encodeIfPresent(causationID, forKey: .causationID)
        try c.encodeIfPresent(commandID, forKey: .commandID)
        if !custom.isEmpty { try c.encode(custom, forKey: .custom) }
    }

    /// The metadata as compact JSON bytes (keys sorted), as backends store it.
    public func jsonData() -> Data {
        Data(MetadataJSON.encode(self))
    }

    /// Decodes metadata stored by ``jsonData()``; unreadable metadata yields an empty value.
    public static func fromJSON(_ data: Data) -> EventMetadata {
        MetadataJSON.decode(data)
    }

    /// ``jsonData()`` through `JSONEncoder` (the shapes ``MetadataJSON`` does not write by hand).
    package static func encodedByFoundation(_ metadata: EventMetadata) -> Data {
        (try? MetadataCoding.encoder.encode(metadata)) ?? Data("{}".utf8)
    }

    /// ``fromJSON(_:)`` through `JSONDecoder` (what ``MetadataJSON`` does not read by hand).
    package static func decodedByFoundation(_ data: Data) -> EventMetadata {
        (try? MetadataCoding.decoder.decode(EventMetadata.self, from: data)) ?? EventMetadata()
    }
}

private enum MetadataCoding {
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }()
    static let decoder = JSONDecoder()
}
