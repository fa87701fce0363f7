import DemoDomain
import EventSourcing

/// Seeds a few demo counters and accounts so a first-time user sees something at once.
enum DemoSeeder {
    /// Each demo aggregate and the commands that build it.
    static let script: [(stream: String, commands: [(String, [String: String])])] = [
        ("counter-1", [("create", [:]), ("increment", [:]), ("increment", [:]), ("increment", [:])]),
        ("counter-2", [("create", [:]), ("increment", [:])]),
        ("counter-3", [("create", [:])]),
        ("account-ada", [("open", ["owner": "Ada Lovelace"]), ("deposit", ["amount": "120"]), ("withdraw", ["amount": "45"]), ("deposit", ["amount": "10"])]),
        ("account-alan", [("open", ["owner": "Alan Turing"]), ("deposit", ["amount": "300"])]),
        ("account-grace", [("open", ["owner": "Grace Hopper"]), ("deposit", ["amount": "25"]), ("withdraw", ["amount": "25"]), ("close", [:])]),
    ]

    /// Builds the demo aggregates that do not exist yet (existing ones are left alone, so
    /// seeding twice changes nothing).
    /// - Returns: A one-line summary.
    static func seed(_ engine: Engine) async throws -> String {
        var appended = 0
        var built = 0
        for (stream, commands) in script {
            guard try await engine.store.streamInfo(StreamID(stream)) == nil else { continue }
            built += 1
            for (name, fields) in commands {
                do {
                    appended += try await engine.send(command: name, stream: stream, fields: fields).events.count
                } catch CommandError.refused {
                    // Someone else is building it at the same moment: keep what is there.
                } catch let CommandError.store(message) {
                    throw EventStoreError.unavailable(message)
                }
            }
        }
        return built == 0 ? "demo data already there" : "seeded \(built) demo aggregates (\(appended) events)"
    }
}
