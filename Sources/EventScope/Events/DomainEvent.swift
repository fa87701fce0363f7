import Foundation

/// A domain event: a `Codable` value with an explicit, stable type tag.
///
/// Events are facts: named in the past tense, never changed once stored. They are stored
/// as JSON under ``eventType`` through an ``EventCodec``; a new shape of an old event is read
/// with an upcaster (``EventCodec/registerUpcaster(from:to:transform:)``).
///
/// ```swift
/// struct CounterIncremented: DomainEvent {
///     static let eventType: EventType = "counter.incremented"
///     var count: Int
/// }
/// ```
public protocol DomainEvent: Codable, Sendable {
    /// The tag stored with every event of this type. Never change it once events are stored;
    /// register an upcaster instead.
    static var eventType: EventType { get }
}

extension DomainEvent {
    /// This event's type tag.
    public var eventType: EventType { Self.eventType }
}
