import Foundation

/// A stored event as the codec understands it.
public enum DecodedEvent: Sendable {
    /// A registered event type whose data decoded.
    case event(any DomainEvent)
    /// No type is registered for the tag; the raw JSON is all there is.
    case unknownType(EventType, Data)
    /// The tag is registered but the data did not decode; `reason` says why.
    case undecodable(EventType, Data, reason: String)

    /// The decoded event, if there is one.
    public var event: (any DomainEvent)? {
        if case .event(let e) = self { return e }
        return nil
    }
}

/// Turns events to JSON bytes and back, by their registered type tags.
///
/// One codec knows every event type of an application. A stored event with an unknown tag
/// or undecodable bytes never crashes a reader: ``decode(_:data:)`` returns it raw.
///
/// Events round-trip exactly: a `Date` is written as ISO-8601 UTC with every fractional
/// digit it needs (`2026-11-27T17:50:07.123456Z`; dates stored by earlier versions, in whole
/// seconds, still read), integers up to `Int64`/`UInt64` and `Decimal`s keep every digit.
/// What `Codable` itself cannot carry (an `Optional` of an `Optional` that is `.some(nil)`
/// reads back as `nil`) is found by `EventScopeTesting`'s round-trip check, which the
/// given/when/then helpers run on every event a test uses.
/// Upcasters rewrite an old tag or shape into the current one before decoding.
public struct EventCodec: Sendable {
    /// Rewrites stored JSON of an old event shape into a newer one.
    public struct Upcaster: Sendable {
        /// The old tag it reads.
        public let from: EventType
        /// The tag of the shape it produces.
        public let to: EventType
        /// Rewrites the old JSON into the new shape; a thrown error makes the event
        /// ``DecodedEvent/undecodable(_:_:reason:)``.
        public let transform: @Sendable (Data) throws -> Data
    }

    private var decoders: [EventType: @Sendable (Data) throws -> any DomainEvent] = [:]
    private var upcasters: [EventType: Upcaster] = [:]

    /// Creates a codec that knows no event type.
    public init() {}

    /// Registers an event type under its tag.
    /// - Precondition: no other type is registered under the same tag.
    public mutating func register<E: DomainEvent>(_ type: E.Type) {
        precondition(decoders[E.eventType] == nil, "event type \(E.eventType) registered twice")
        decoders[E.eventType] = { data in try Self.decoder.decode(E.self, from: data) }
    }

    /// Registers a rewrite from an old tag (and shape) to a current one.
    ///
    /// Upcasters chain: `a → b` and `b → c` read an `a` event as a `c`. Stored bytes are
    /// never rewritten: the upcaster runs on every read.
    /// - Parameters:
    ///   - from: the old tag; registering another upcaster from it replaces this one.
    ///   - to: the tag whose shape `transform` produces.
    ///   - transform: rewrites the stored JSON; a thrown error makes the event
    ///     ``DecodedEvent/undecodable(_:_:reason:)``.
    public mutating func registerUpcaster(from: EventType, to: EventType, transform: @escaping @Sendable (Data) throws -> Data) {
        upcasters[from] = Upcaster(from: from, to: to, transform: transform)
    }

    /// Registers an upcaster that edits the JSON object of the event.
    ///
    /// ```swift
    /// codec.registerUpcaster(from: "account.opened.v1", to: "account.opened") { object in
    ///     var object = object
    ///     object["currency"] = object["currency"] ?? "EUR"
    ///     return object
    /// }
    /// ```
    ///
    /// Stored data that is not a JSON object fails with ``EventCodecError/notAnObject(_:)``,
    /// which makes the event ``DecodedEvent/undecodable(_:_:reason:)``.
    public mutating func registerUpcaster(
        from: EventType, to: EventType, transformObject: @escaping @Sendable ([String: Any]) throws -> [String: Any]
    ) {
        registerUpcaster(from: from, to: to) { data in
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw EventCodecError.notAnObject(from)
            }
            return try JSONSerialization.data(withJSONObject: try transformObject(object), options: [.sortedKeys])
        }
    }

    /// Every tag a decoder is registered for.
    public var registeredTypes: [EventType] { Array(decoders.keys) }

    /// Every registered upcaster as `from>to`: part of a snapshot's schema, so that a new
    /// upcaster invalidates snapshots folded without it.
    public var upcasterTags: [String] { upcasters.values.map { "\($0.from.rawValue)>\($0.to.rawValue)" } }

    /// Whether `type` (after upcasting) has a registered decoder.
    public func isRegistered(_ type: EventType) -> Bool { decoders[type] != nil }

    /// Encodes an event into its tag and JSON bytes (keys sorted, so bytes are stable).
    /// - Throws: the event's own `EncodingError`.
    public func encode(_ event: any DomainEvent) throws -> (EventType, Data) {
        (type(of: event).eventType, try Self.encoder.encode(event))
    }

    /// Encodes an event as a ``ProposedEvent`` ready to append.
    /// - Parameters:
    ///   - event: the event; its type need not be registered to be encoded, but an
    ///     unregistered type cannot be decoded later.
    ///   - metadata: recorded with the event.
    ///   - eventID: the event's id; a store refuses to store one id twice.
    /// - Throws: the event's own `EncodingError`.
    public func propose(_ event: any DomainEvent, metadata: EventMetadata = EventMetadata(), eventID: UUID = .newEventID()) throws -> ProposedEvent {
        let (type, data) = try encode(event)
        return ProposedEvent(eventID: eventID, type: type, data: data, metadata: metadata)
    }

    /// Decodes stored bytes by tag, applying upcasters first. Never throws.
    public func decode(_ type: EventType, data: Data) -> DecodedEvent {
        var type = type
        var data = data
        var hops = 0
        while let up = upcasters[type], hops < 32 {
            do {
                data = try up.transform(data)
            } catch {
                return .undecodable(type, data, reason: "upcasting \(type) to \(up.to) failed: \(error)")
            }
            type = up.to
            hops += 1
        }
        guard let decode = decoders[type] else { return .unknownType(type, data) }
        do {
            return .event(try decode(data))
        } catch {
            return .undecodable(type, data, reason: Self.describe(error))
        }
    }

    /// Decodes a recorded event. Never throws.
    public func decode(_ event: RecordedEvent) -> DecodedEvent {
        decode(event.type, data: event.data)
    }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        e.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(EventDateFormat.string(from: date))
        }
        return e
    }()

    static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = EventDateFormat.date(from: text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "\"\(text)\" is not an ISO-8601 date")
            }
            return date
        }
        return d
    }()

    /// A one-line description of a decoding error, naming the field.
    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "missing field \"\(key.stringValue)\""
        case DecodingError.typeMismatch(let type, let ctx):
            return "field \"\(ctx.codingPath.map(\.stringValue).joined(separator: "."))\" is not \(type)"
        case DecodingError.valueNotFound(_, let ctx):
            return "field \"\(ctx.codingPath.map(\.stringValue).joined(separator: "."))\" is null"
        case DecodingError.dataCorrupted(let ctx): return "not valid JSON: \(ctx.debugDescription)"
        default: return String(describing: error)
        }
    }
}

/// Errors raised by codec helpers.
public enum EventCodecError: Error, CustomStringConvertible {
    /// The stored data of an event of this type is not a JSON object, so an object
    /// upcaster cannot edit it.
    case notAnObject(EventType)
    /// What went wrong, for people.
    public var description: String {
        switch self {
        case .notAnObject(let t): return "stored \(t) event is not a JSON object"
        }
    }
}
