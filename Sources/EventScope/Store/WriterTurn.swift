import Foundation

/// A writer's place in the turn-taking of one contended stream.
///
/// Optimistic concurrency alone starves a writer: after a conflict the loser must read what
/// it missed and decide again, while the winner, already up to date, appends again first —
/// every time. So a writer that has lost a round *claims* the stream's turn with its next
/// append: while it holds the turn, the store refuses other writers' appends to that stream
/// (``EventStoreError/streamBusy(stream:retryAfter:)``, nothing written), so its next
/// attempt, decided on what it just read, lands. The turn ends with its successful append,
/// or after a short time if it never comes back.
public struct WriterTurn: Hashable, Sendable {
    /// Who is writing: one id per engine (process).
    public var owner: UUID
    /// Take the turn if nobody holds it.
    public var claim: Bool

    public init(owner: UUID, claim: Bool) {
        self.owner = owner
        self.claim = claim
    }

    /// How long a claimed turn lasts if its holder does not append.
    public static let lease = Duration.milliseconds(50)
}
