import EventSourcing
import Testing

/// Given/when/then for aggregates, with no store and no actor: given past events, when a
/// decision runs, then it returns these events or throws this error.
public struct AggregateScenario<A: Aggregate> {
    let given: [any DomainEvent]

    /// The state folded from the given events.
    public var state: A.State { A.fold(given) }

    /// Starts a scenario from past events.
    public static func given(_ events: any DomainEvent...) -> AggregateScenario<A> {
        AggregateScenario(given: events)
    }

    /// Runs `decision` on the given state.
    public func when(_ decision: Decision<A>) -> Result<[any DomainEvent], any Error> {
        Result { try decision.decide(state) }
    }
}

extension Result where Success == [any DomainEvent], Failure == any Error {
    /// The events, encoded with sorted keys and tagged, for comparison: `["counter.incremented {"count":2}"]`.
    public func eventsDescription(_ codec: EventCodec) -> [String]? {
        guard case .success(let events) = self else { return nil }
        return events.map { e in
            guard let (type, data) = try? codec.encode(e) else { return "<unencodable>" }
            return "\(type) \(String(decoding: data, as: UTF8.self))"
        }
    }

    /// The refusal message if the decision threw a ``DomainError``.
    public var refusal: String? {
        guard case .failure(let error) = self else { return nil }
        return (error as? DomainError)?.message
    }
}
