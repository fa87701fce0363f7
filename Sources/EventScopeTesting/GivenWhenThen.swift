import EventScope
import Testing

/// Given/when/then for aggregates, with no store and no actor: given past events, when a
/// decision runs, then it returns these events or throws this error.
///
/// Every event a scenario uses — given or decided — is also put through the aggregate's
/// codec (``EventRoundTrip``): one that does not come back equal (a `Date` or a nested
/// optional `Codable` cannot carry, an unregistered type) is recorded as a test issue, so
/// what would change state on reload fails the adopter's own tests.
public struct AggregateScenario<A: Aggregate> {
    let given: [any DomainEvent]

    /// The state folded from the given events.
    public var state: A.State { A.fold(given) }

    /// Starts a scenario from past events.
    public static func given(_ events: any DomainEvent...) -> AggregateScenario<A> {
        AggregateScenario(given: events)
    }

    /// Runs `decision` on the given state, and checks that every given and decided event
    /// survives the aggregate's codec (an issue is recorded at the caller for each that does not).
    public func when(_ decision: Decision<A>, sourceLocation: SourceLocation = #_sourceLocation) -> Result<[any DomainEvent], any Error> {
        let result = Result { try decision.decide(state) }
        var codec = EventCodec()
        A.registerEvents(in: &codec)
        for event in given + ((try? result.get()) ?? []) {
            if let problem = EventRoundTrip.problem(event, codec: codec) {
                Issue.record("\(problem)", sourceLocation: sourceLocation)
            }
        }
        return result
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

    /// The refusal message if the decision threw a ``DomainError`` (or another ``DomainRefusal``).
    public var refusal: String? {
        guard case .failure(let error) = self else { return nil }
        return (error as? any DomainRefusal)?.message
    }
}
