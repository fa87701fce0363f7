import EventScope
import Foundation

/// Whether an event survives the codec: encoded, then decoded by its tag, it is the same value.
///
/// An event that comes back different is a bug that shows only on reload: the instance that
/// decided it folded the original, every later load folds the copy. Typical causes are a
/// type `Codable` cannot carry as it is (`Optional<Optional<T>>.some(nil)` reads back as
/// `nil`; a custom `encode(to:)` that drops a field) or an event type that is not registered.
/// ``AggregateScenario`` runs this on every event a test gives or gets.
public enum EventRoundTrip {
    /// Why `event` does not come back equal from `codec`, for people; `nil` when it does.
    ///
    /// Equality is the event's own `==` when it is `Equatable`, else a field-by-field
    /// comparison (dates, doubles and decimals compared by value, optionals by their case).
    public static func problem(_ event: any DomainEvent, codec: EventCodec) -> String? {
        let tag = type(of: event).eventType
        let data: Data
        do {
            (_, data) = try codec.encode(event)
        } catch {
            return "event \(tag) cannot be encoded: \(error)"
        }
        let json = String(decoding: data, as: UTF8.self)
        let decoded: any DomainEvent
        switch codec.decode(tag, data: data) {
        case .event(let e): decoded = e
        case .unknownType:
            return "event type \(tag) is not registered in the codec (register it in registerEvents(in:)); it would be stored but never load"
        case .undecodable(_, _, let reason):
            return "event \(tag) does not decode from its own JSON \(json): \(reason)"
        }
        if let equatable = event as? any Equatable {
            return isEqual(equatable, decoded) ? nil : "event \(tag) changes through the codec: \(event) came back as \(decoded) (JSON \(json))"
        }
        if let difference = difference(event, decoded, path: "") {
            return "event \(tag) changes through the codec: \(difference) (JSON \(json))"
        }
        return nil
    }

    private static func isEqual<E: Equatable>(_ a: E, _ b: Any) -> Bool {
        guard let b = b as? E else { return false }
        return a == b
    }

    /// The first field where `a` and `b` differ, as `path: a became b`.
    private static func difference(_ a: Any, _ b: Any, path: String) -> String? {
        let here = path.isEmpty ? "the event" : path
        switch (a, b) {
        case let (x as Date, y as Date):
            return x == y ? nil : "\(here): \(x.timeIntervalSinceReferenceDate) became \(y.timeIntervalSinceReferenceDate) (seconds since 2001)"
        case let (x as Decimal, y as Decimal):
            return x == y ? nil : "\(here): \(x) became \(y)"
        case let (x as Double, y as Double):
            return x == y || (x.isNaN && y.isNaN) ? nil : "\(here): \(x) became \(y)"
        case let (x as Float, y as Float):
            return x == y || (x.isNaN && y.isNaN) ? nil : "\(here): \(x) became \(y)"
        default:
            break
        }
        let ma = Mirror(reflecting: a)
        let mb = Mirror(reflecting: b)
        let ca = Array(ma.children)
        let cb = Array(mb.children)
        if ca.isEmpty && cb.isEmpty {
            let (x, y) = (String(reflecting: a), String(reflecting: b))
            return x == y ? nil : "\(here): \(x) became \(y)"
        }
        guard ca.count == cb.count, ma.displayStyle == mb.displayStyle else {
            return "\(here): \(String(reflecting: a)) became \(String(reflecting: b))"
        }
        for (i, (x, y)) in zip(ca, cb).enumerated() {
            // An optional's payload keeps its field's path; other children add their label.
            let label = x.label ?? "[\(i)]"
            let sub = ma.displayStyle == .optional ? path : (path.isEmpty ? label : "\(path).\(label)")
            if let d = difference(x.value, y.value, path: sub) { return d }
        }
        return nil
    }
}
