import DemoDomain
import EventSourcing

/// Seeds a few demo counters and accounts so a first-time user sees something at once.
enum DemoSeeder {
    /// Sends the seeding commands; ones refused because the data already exists are fine.
    /// - Returns: A one-line summary.
    static func seed(_ engine: Engine) async throws -> String {
        let commands: [(String, String, [String: String])] = [
            ("create", "counter-1", [:]), ("increment", "counter-1", [:]), ("increment", "counter-1", [:]),
            ("increment", "counter-1", [:]),
            ("create", "counter-2", [:]), ("increment", "counter-2", [:]),
            ("create", "counter-3", [:]),
            ("open", "account-ada", ["owner": "Ada Lovelace"]), ("deposit", "account-ada", ["amount": "120"]),
            ("withdraw", "account-ada", ["amount": "45"]), ("deposit", "account-ada", ["amount": "10"]),
            ("open", "account-alan", ["owner": "Alan Turing"]), ("deposit", "account-alan", ["amount": "300"]),
            ("open", "account-grace", ["owner": "Grace Hopper"]), ("deposit", "account-grace", ["amount": "25"]),
            ("withdraw", "account-grace", ["amount": "25"]), ("close", "account-grace", [:]),
        ]
        var appended = 0
        for (name, stream, fields) in commands {
            do {
                appended += try await engine.send(command: name, stream: stream, fields: fields).events.count
            } catch CommandError.refused {
                // Already seeded (or changed since): keep what is there.
            } catch let CommandError.store(message) {
                throw EventStoreError.unavailable(message)
            }
        }
        return appended == 0 ? "demo data already there" : "seeded 3 counters and 3 accounts (\(appended) events)"
    }
}
