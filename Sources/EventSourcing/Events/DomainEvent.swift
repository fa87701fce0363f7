import Foundation

/// A domain event: a `Codable` value with an explicit, stable type tag.
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
