import Foundation

/// What the clients of a ``LoadGenerator`` did.
public struct LoadReport: Sendable {
    /// Commands sent.
    public var commands = 0
    /// Commands acknowledged.
    public var ok = 0
    /// Commands that failed, refusals included.
    public var errors = 0
    /// How long the clients ran.
    public var seconds = 0.0
    /// The ids of the acknowledged events, by stream (for ``LossCheck``).
    public var acknowledged: [StreamID: [UUID]] = [:]
    /// The first error seen, for people.
    public var firstError: String?
    /// Failed commands by kind (`conflict`, `store`, `refused`, …; ``CommandError/kind``).
    public var errorsByKind: [String: Int] = [:]
    /// The first error of each kind.
    public var exampleByKind: [String: String] = [:]

    /// Creates an empty report.
    public init() {}

    /// Acknowledged commands per second.
    public var perSecond: Double { seconds > 0 ? Double(ok) / seconds : 0 }

    mutating func recordFailure(_ error: any Error) {
        errors += 1
        let kind = (error as? CommandError)?.kind ?? "other"
        errorsByKind[kind, default: 0] += 1
        if exampleByKind[kind] == nil { exampleByKind[kind] = String(describing: error) }
        if firstError == nil { firstError = String(describing: error) }
    }

    mutating func merge(_ other: LoadReport) {
        commands += other.commands
        ok += other.ok
        errors += other.errors
        firstError = firstError ?? other.firstError
        errorsByKind.merge(other.errorsByKind, uniquingKeysWith: +)
        exampleByKind.merge(other.exampleByKind) { first, _ in first }
        acknowledged.merge(other.acknowledged, uniquingKeysWith: +)
    }
}
