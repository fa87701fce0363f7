import EventScopeDemo
import EventScope
import Foundation
import Testing

// The README's library tour, compiled and run. The block between the markers must match the
// README's Swift example exactly (checked below), so the README never shows code that doesn't build.

// README-EXAMPLE-BEGIN
struct Renamed: DomainEvent {
    static let eventType: EventType = "profile.renamed"   // stable tag, never the Swift type name
    var name: String
}

enum Profile: Aggregate {
    struct State: Codable, Sendable, Equatable { var name: String? }
    static let category = "profile"                       // streams are named profile-<id>
    static let initialState = State()
    static func registerEvents(in codec: inout EventCodec) { codec.register(Renamed.self) }
    static func apply(_ event: any DomainEvent, to state: State) -> State {
        guard let e = event as? Renamed else { return state }
        return State(name: e.name)
    }

    static func rename(to name: String) -> Decision<Profile> {
        Decision { state in
            guard !name.isEmpty else { throw DomainError("name must not be empty") }
            return name == state.name ? [] : [Renamed(name: name)]
        }
    }
}

func tour() async throws -> String {
    var catalog = DemoCatalog.make()                       // Counter and BankAccount...
    catalog.register(Profile.self, help: "A user profile") // ...and your own aggregates
    catalog.register("rename", of: Profile.self, help: "Change the name",
                     fields: [CommandField("name", .string, help: "the new name")]) { v in
        Profile.rename(to: v.string("name") ?? "")
    }

    let engine = Engine(store: InMemoryEventStore(), catalog: catalog)

    // Typed: runs inside the one actor of profile-42, then appends atomically.
    _ = try await engine.execute(Profile.self, id: "42", Profile.rename(to: "Ada"))

    // From text, as `eventscope send` and the explorer's `:` line do.
    let result = try await engine.send(command: "rename", stream: "profile-42", fields: ["name": "Ada L."])
    print(result.version, result.events.map(\.type))      // 2 [profile.renamed]

    // A refused command writes nothing.
    do {
        _ = try await engine.send(command: "withdraw", stream: "account-1", fields: ["amount": "5"])
    } catch let error as CommandError {
        print(error)                                       // refused: account not opened; open it first
    }

    // Follow every event: stored ones first, then live ones.
    for try await event in engine.store.subscribeAll(from: 1) {
        print(event.position, event.streamID, event.type)
        if event.position == 2 { break }
    }
    return try await engine.state(of: Profile.self, id: "42").state.name ?? ""
}
// README-EXAMPLE-END

@Suite("README")
struct ReadmeExampleTests {
    @Test("the library tour runs and does what its comments say")
    func tourRuns() async throws {
        #expect(try await tour() == "Ada L.")
    }

    @Test("the README shows exactly the example compiled here")
    func readmeMatches() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let source = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        let begin = try #require(source.range(of: "// README-EXAMPLE-BEGIN\n"))
        let end = try #require(source.range(of: "// README-EXAMPLE-END"))
        let example = String(source[begin.upperBound..<end.lowerBound])
        #expect(readme.contains("```swift\n" + example + "```"))
    }
}
