import EventScopeDemo
import EventScope
import Foundation
import Testing

/// Issue 14, "for a room": the load has a pace, and the catalog says which commands apply.
@Suite("Demo traffic pace and applicable commands")
struct RoomTests {
    @Test("a load held to 20 commands a second sends about 20 in a second, and full speed far more")
    func paceHoldsTheLoad() async throws {
        let engine = Engine(store: InMemoryEventStore(), catalog: DemoCatalog.make())
        defer { engine.shutdown() }
        let plan = try #require(DemoCatalog.make().demo?.traffic)
        let pace = CommandPace(perSecond: 20)
        let load = try LoadGenerator(engine: engine, plan: plan, limit: .duration(.seconds(1)), pace: pace)
        _ = try await load.prepare()
        let paced = await load.run()
        // Never more than the pace allows (fewer only when the machine is starved: the whole
        // suite shares two cores, so no lower bound on a wall-clock second).
        #expect(paced.ok <= 30, "\(paced.ok) commands in 1 s at 20/s")

        // Full speed: 200 commands, which would take 10 s at 20/s.
        let clock = ContinuousClock()
        let started = clock.now
        let fast = try LoadGenerator(engine: engine, plan: plan, limit: .commands(200), pace: CommandPace())
        let full = await fast.run()
        #expect(full.ok == 200)
        _ = clock.now - started  // (how fast depends on the machine; the pace test above holds the bound)
    }

    @Test("a pace changed while the load runs applies at once")
    func paceChangesWhileRunning() async throws {
        let engine = Engine(store: InMemoryEventStore(), catalog: DemoCatalog.make())
        defer { engine.shutdown() }
        let plan = try #require(DemoCatalog.make().demo?.traffic)
        let pace = CommandPace(perSecond: 1)
        // 60 commands: a minute at 1/s, a moment at full speed.
        let load = try LoadGenerator(engine: engine, plan: plan, limit: .commands(60), pace: pace)
        _ = try await load.prepare()
        Task {
            try? await Task.sleep(for: .milliseconds(300))
            pace.perSecond = nil
        }
        let clock = ContinuousClock()
        let started = clock.now
        let report = await load.run()
        #expect(report.ok == 60)
        #expect(clock.now - started < .seconds(20), "60 commands took \(clock.now - started): the new pace did not apply")
    }

    @Test("commands apply to a state: open, not deposit, for a new account; deposit, not open, for an open one")
    func commandsApplyToAState() throws {
        let catalog = DemoCatalog.make()
        let open = try #require(catalog.command("open", category: "account"))
        let deposit = try #require(catalog.command("deposit", category: "account"))
        let withdraw = try #require(catalog.command("withdraw", category: "account"))
        #expect(open.applies(to: nil))
        #expect(!deposit.applies(to: nil))
        let folded = catalog.aggregates["account"]!.fold([
            RecordedEvent(eventID: UUID(), streamID: "account-1", version: 1, position: 1, type: "account.opened",
                          data: Data(#"{"owner":"Ada"}"#.utf8), metadata: EventMetadata(), recordedAt: Date()),
        ], codec: catalog.codec)
        #expect(!open.applies(to: folded.json))
        #expect(deposit.applies(to: folded.json))
        #expect(!withdraw.applies(to: folded.json), "a balance of 0 cannot be withdrawn from")
    }
}
