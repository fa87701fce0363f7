/// What seeding did.
public struct SeedOutcome: Hashable, Sendable {
    /// Streams built (those that existed already were left alone).
    public var built: Int
    /// Events appended.
    public var appended: Int
}

extension DemoSeed {
    /// Builds the seed's streams that do not exist yet, each with all its commands.
    ///
    /// A refusal is taken as someone else building the same stream at the same moment: what
    /// is there is kept.
    /// - Throws: ``EventStoreError/unavailable(_:)`` when the store fails; ``CommandError``
    ///   when a seed command is not in the catalog.
    public func run(on engine: Engine) async throws -> SeedOutcome {
        var outcome = SeedOutcome(built: 0, appended: 0)
        for stream in streams {
            guard try await engine.store.streamInfo(StreamID(stream)) == nil else { continue }
            outcome.built += 1
            for command in commands where command.stream == stream {
                do {
                    outcome.appended += try await engine.send(command: command.name, stream: stream, fields: command.fields).events.count
                } catch CommandError.refused {
                    // Someone else is building it at the same moment: keep what is there.
                } catch let CommandError.store(failure) {
                    throw failure.eventStoreError ?? EventStoreError.unavailable(failure.message)
                }
            }
        }
        return outcome
    }
}
