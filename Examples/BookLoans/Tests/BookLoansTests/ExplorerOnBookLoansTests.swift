import BookLoans
import EventScope
import EventScopeExplorer
import EventScopeExplorerRuntime
import Foundation
import Synchronization
import EventScopeTerminalUI
import Testing

/// The explorer on this package's own domain, headless: the real runner on an in-memory store,
/// driven through a `TestBackend` as a person would drive it.
@Suite("The explorer on the book-loans domain")
struct ExplorerOnBookLoansTests {
    /// The latest state drawn, shared with the frame observer.
    final class LatestState: Sendable {
        private let state = Mutex<ExplorerState?>(nil)
        func withLock<R>(_ body: (inout ExplorerState?) -> R) -> R { state.withLock { body(&$0) } }
    }

    /// A running explorer and the latest state it drew.
    final class Session: Sendable {
        let backend = TestBackend(size: Size(width: 140, height: 40))
        let latest = LatestState()
        let task: Task<Void, Never>

        init(store: any EventStore) {
            let runner = ExplorerRunner(store: store, catalog: LoansCatalog.make())
            let backend = self.backend
            let latest = self.latest
            task = Task {
                await runner.run(backend: backend) { state, _ in
                    latest.withLock { $0 = state }
                    return true
                }
                runner.engine.shutdown()
            }
        }

        var screen: String { backend.lastFrame?.lines.joined(separator: "\n") ?? "" }

        /// Waits (up to 10 s) until the drawn state satisfies `condition`.
        func waitUntil(_ what: String, _ condition: (ExplorerState) -> Bool) async throws {
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(10)
            while clock.now < deadline {
                if let state = latest.withLock({ $0 }), condition(state) { return }
                try await Task.sleep(for: .milliseconds(20))
            }
            Issue.record("timed out waiting for \(what); screen:\n\(screen)")
            throw CancellationError()
        }

        func command(_ line: String) {
            backend.type(":" + line)
            backend.send(.enter)
        }

        func quit() async {
            backend.send(.char("q"))
            await task.value
        }
    }

    @Test func aCommandShowsItsEventLiveAndARefusalShowsInTheCommandLog() async throws {
        let session = Session(store: InMemoryEventStore())
        // The empty store offers this domain's seed; decline it.
        try await session.waitUntil("the seed offer") { if case .offerSeed? = $0.overlay { true } else { false } }
        #expect(session.screen.contains("Seed a few books and members"))
        session.backend.send(.char("n"))

        session.command("add book-dune title=Dune")
        try await session.waitUntil("book.added in the live pane") { $0.tail.buffer.contains { $0.type == "book.added" } }
        session.command("lend book-dune member=member-ada")
        try await session.waitUntil("book.lent in the live pane") { $0.tail.buffer.contains { $0.type == "book.lent" } }
        #expect(session.screen.contains("book.lent"))

        // The rule: a book already on loan cannot be lent.
        session.command("lend book-dune member=member-alan")
        try await session.waitUntil("the refusal in the command log") { state in
            state.log.entries.contains { if case .rejected("refused", _) = $0.status { true } else { false } }
        }
        session.backend.send(.char("4"))
        try await session.waitUntil("the command log focused") { $0.focus == .commandLog }
        try await Task.sleep(for: .milliseconds(100))
        #expect(session.screen.contains("✗ lend book-dune member=member-alan"))
        #expect(session.screen.contains("already on loan to member-ada"))
        await session.quit()
    }

    @Test func aMemberHoldsAtMostThreeBooks() async throws {
        let store = InMemoryEventStore()
        let engine = Engine(store: store, catalog: LoansCatalog.make())
        defer { engine.shutdown() }
        _ = try await engine.send(command: "join", stream: "member-ada", fields: ["name": "Ada"])
        for book in ["book-1", "book-2", "book-3"] {
            _ = try await engine.send(command: "borrow", stream: "member-ada", fields: ["book": book])
        }
        await #expect(throws: CommandError.self) {
            try await engine.send(command: "borrow", stream: "member-ada", fields: ["book": "book-4"])
        }
    }

    @Test func theTrafficLosesNothing() async throws {
        let store = InMemoryEventStore()
        let engine = Engine(store: store, catalog: LoansCatalog.make())
        defer { engine.shutdown() }
        let load = try LoadGenerator(engine: engine, plan: LoansCatalog.demo.traffic!, limit: .commands(200))
        let baseline = try await load.prepare()
        let report = await load.run()
        let check = try await LossCheck.run(store: store, acknowledged: report.acknowledged, after: baseline)
        #expect(report.ok > 0)
        #expect(report.ok + report.errors == 200)
        #expect(check.acknowledged == report.ok)
        #expect(check.lost == 0)
    }
}
