import EventScope
import EventScopeDemo
import EventScopeDemoReadModels
import EventScopeRedis
import EventScopeSQLite
import Foundation
import GRDB
import Testing

/// Money transfers through the transfers process manager, on every store.
@Suite("Transfers: the process manager on every store")
struct TransferProcessTests {
    private func open(_ kind: String, in directory: URL) async throws -> (any EventStore, any DatabaseWriter) {
        try await ReadModelsOnStoresTests.open(kind, in: directory, redisPrefix: "tr")
    }

    private func temporaryDirectory() throws -> URL { try ReadModelsOnStoresTests.temporaryDirectory("transfers") }

    private func send(_ engine: Engine, _ line: String, source: String = "cli") async throws -> CommandResult {
        let parsed = try CommandCatalog.parse(line)
        let command = try engine.catalog.validate(command: parsed.name, stream: parsed.stream, fields: parsed.fields)
        return try await engine.send(command, metadata: CommandOrigin.started(by: source, text: line))
    }

    /// Waits until every runner has applied the head and the head stopped moving.
    private func settle(_ runners: ReadModelRunners, _ store: any EventStore) async throws -> GlobalPosition {
        var head = try await store.stats().headPosition
        for _ in 0..<50 {
            for runner in runners.runners { #expect(await runner.waitUntilCaughtUp(to: head)) }
            let now = try await store.stats().headPosition
            if now == head { return head }
            head = now
        }
        Issue.record("the head kept moving")
        return head
    }

    private func balance(_ engine: Engine, _ id: String) async throws -> Int {
        try await engine.state(of: BankAccount.self, id: id).state.balance
    }

    private func types(_ store: any EventStore, _ stream: StreamID) async throws -> [String] {
        try await store.readStream(stream).map(\.type.rawValue)
    }

    @Test("a transfer withdraws from the source and deposits into the target, each step caused by the last, one correlation", arguments: ReadModelsOnStoresTests.stores)
    func transfer(kind: String) async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (store, database) = try await open(kind, in: directory)
        let engine = Engine(store: store, catalog: DemoCatalog.make())
        for line in ["open account-ada owner=Ada", "deposit account-ada amount=120", "open account-alan owner=Alan"] { _ = try await send(engine, line) }
        let request = try await send(engine, "transfer account-ada to=account-alan amount=30")
        let runners = ReadModelRunners(DemoProjections.make(database: database, engine: engine), store: store)
        runners.start()
        _ = try await settle(runners, store)

        #expect(try await balance(engine, "ada") == 90)
        #expect(try await balance(engine, "alan") == 30)
        #expect(try await types(store, "account-ada") == ["account.opened", "account.deposited", "account.transfer-requested", "account.transfer-sent"])
        #expect(try await types(store, "account-alan") == ["account.opened", "account.transfer-received"])
        let requested = request.events[0]
        let sent = try await store.readStream("account-ada").last!
        let received = try await store.readStream("account-alan").last!
        #expect(sent.metadata.causationID == requested.eventID)
        #expect(received.metadata.causationID == sent.eventID)
        let correlation = try #require(requested.metadata.correlationID)
        #expect(sent.metadata.correlationID == correlation && received.metadata.correlationID == correlation)
        #expect(sent.metadata.custom["source"] == "process:transfers")

        // The accounts read model agrees with the fold; the journal says received.
        let accounts = try #require(runners.model(named: "accounts"))
        let check = try #require(try await accounts.check(try await accounts.rows(limit: 10), against: store))
        #expect(check.passed, "\(check)")
        let journal = try #require(runners.model(named: "transfers"))
        #expect(try await journal.rows(limit: 10).map { $0.cells[4] } == ["received"])

        // The X-ray: the CLI command, then the process manager's two hops, in order, nothing pending.
        let handlers = [TraceHandler(name: "transfers", checkpoint: runners.runner(named: "transfers")!.status.position, reactsTo: TransferProcess().reactsTo)]
        let trace = try await CausalityTrace.build(store: store, start: .position(received.position), handlers: handlers)
        #expect(trace.correlationID == correlation)
        #expect(trace.hops.map(\.source) == ["cli", "process:transfers", "process:transfers"])
        #expect(trace.hops.map(\.stream) == ["account-ada", "account-ada", "account-alan"])
        #expect(trace.events.map(\.eventID) == [requested.eventID, sent.eventID, received.eventID])
        #expect(!trace.lines().contains { $0.kind == .pending || $0.kind == .dangling || $0.kind == .stopped })
        #expect(trace.hops.dropFirst().allSatisfy { ($0.afterMilliseconds ?? -1) >= 0 })

        await runners.stop()
        engine.shutdown()
        if let redis = store as? RedisEventStore { _ = try? await redis.deleteAll() }
        await store.close()
    }

    @Test("a transfer to a closed or a missing account is rejected there, as an event, and refunded to the source with the reason; the X-ray shows withdrawal → rejection → refund")
    func refund() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (store, database) = try await open("sqlite", in: directory)
        let engine = Engine(store: store, catalog: DemoCatalog.make())
        defer { engine.shutdown() }
        for line in ["open account-ada owner=Ada", "deposit account-ada amount=100", "open account-grace owner=Grace", "close account-grace"] { _ = try await send(engine, line) }
        _ = try await send(engine, "transfer account-ada to=account-grace amount=40")
        _ = try await send(engine, "transfer account-ada to=account-nobody amount=25")
        let runners = ReadModelRunners(DemoProjections.make(database: database, engine: engine), store: store)
        runners.start()
        _ = try await settle(runners, store)

        #expect(try await balance(engine, "ada") == 100)
        // The target records its decision in its own stream, even closed or never opened.
        #expect(try await types(store, "account-grace") == ["account.opened", "account.closed", "account.transfer-rejected"])
        #expect(try await types(store, "account-nobody") == ["account.transfer-rejected"])
        #expect(try await engine.state(of: BankAccount.self, id: "nobody").state.status == nil)
        let ada = try await store.readStream("account-ada")
        let refunds = ada.filter { $0.type == TransferRefunded.eventType }
        #expect(refunds.count == 2)
        let reasons = refunds.compactMap { (engine.codec.decode($0).event as? TransferRefunded)?.reason }
        #expect(reasons == ["account-grace: account is closed", "account-nobody: account not opened; open it first"])
        let rows = try await runners.model(named: "transfers")!.rows(limit: 10)
        #expect(rows.map { $0.cells[4] } == ["refunded", "refunded"])

        let trace = try await CausalityTrace.build(store: store, start: .position(refunds[0].position), handlers: nil)
        #expect(trace.hops.map(\.stream) == ["account-ada", "account-ada", "account-grace", "account-ada"])
        let refundHop = try #require(trace.hops.last)
        #expect(refundHop.text?.hasPrefix("refund transfer to account-ada amount=40") == true)
        guard case .event(let cause) = refundHop.link else { Issue.record("the refund has no cause in the tree"); return }
        let rejection = try #require(try await store.readStream("account-grace").first { $0.eventID == cause })
        #expect(rejection.type == TransferRejected.eventType)
        #expect(try await store.read("account-ada", from: 1, limit: 20).first { $0.eventID == rejection.metadata.causationID }?.type == TransferSent.eventType)
        await runners.stop()
        await store.close()
    }

    @Test("a replay from the start (a crash before any checkpoint) and a second engine with its own journal move no money twice")
    func exactlyOnce() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (store, database) = try await open("sqlite", in: directory)
        let other = try await SQLiteReadModel.openDatabase(path: directory.appendingPathComponent("other-journal.sqlite").path)
        let engine = Engine(store: store, catalog: DemoCatalog.make())
        let engine2 = Engine(store: store, catalog: DemoCatalog.make())
        for line in ["open account-ada owner=Ada", "deposit account-ada amount=1000", "open account-alan owner=Alan"] { _ = try await send(engine, line) }
        for n in 1...10 { _ = try await send(engine, "transfer account-ada to=account-alan amount=\(n)") }
        // Two process managers with journals of their own (two checkpoints, two leases): both
        // react to every event, at the same time, through two engines.
        let first = HandlerRunner(handler: ProcessManagerHandler(TransferProcess(), journal: TransfersJournal(database: database), engine: engine), store: store)
        let second = HandlerRunner(handler: ProcessManagerHandler(TransferProcess(), journal: TransfersJournal(database: other), engine: engine2), store: store)
        first.start()
        second.start()
        var head = try await store.stats().headPosition
        while true {
            #expect(await first.waitUntilCaughtUp(to: head))
            #expect(await second.waitUntilCaughtUp(to: head))
            let now = try await store.stats().headPosition
            if now == head { break }
            head = now
        }
        await first.stop()
        #expect(try await balance(engine2, "ada") == 1000 - 55)
        #expect(try await balance(engine2, "alan") == 55)
        #expect(try await types(store, "account-alan").filter { $0 == "account.transfer-received" }.count == 10)

        // A crash before the checkpoint is a replay: empty the journal and run it again.
        await second.stop()
        try await TransfersJournal(database: other).reset()
        let replay = HandlerRunner(handler: ProcessManagerHandler(TransferProcess(), journal: TransfersJournal(database: other), engine: Engine(store: store, catalog: DemoCatalog.make())), store: store)
        replay.start()
        #expect(await replay.waitUntilCaughtUp(to: head))
        await replay.stop()
        #expect(try await store.stats().headPosition == head, "the replay appended events")
        #expect(try await balance(engine2, "alan") == 55)
        engine.shutdown()
        engine2.shutdown()
        await store.close()
    }

    @Test("a replay after a refund never pays a target opened since: the target's rejection settled the transfer (in a store written before rejections existed, the refund did)", arguments: [false, true])
    func replayAfterRefund(legacy: Bool) async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (store, database) = try await open("sqlite", in: directory)
        let engine = Engine(store: store, catalog: DemoCatalog.make())
        defer { engine.shutdown() }
        for line in ["open account-ada owner=Ada", "deposit account-ada amount=100"] { _ = try await send(engine, line) }
        let requested = try await send(engine, "transfer account-ada to=account-late amount=40").events[0]
        let journal = TransfersJournal(database: database)
        if legacy {
            // What the process manager wrote before rejections were recorded: the withdrawal,
            // then the refund caused by it, nothing on the target.
            let transfer = requested.eventID
            let sent = try await ProcessCommands(engine: engine, process: TransferProcess.name, cause: requested).execute(
                BankAccount.self, id: "ada", step: "send", text: "send transfer from account-ada to account-late amount=40",
                Decision { s in [TransferSent(transfer: transfer, to: "account-late", amount: 40, balance: s.balance - 40)] }).events[0]
            try await ProcessCommands(engine: engine, process: TransferProcess.name, cause: sent).execute(
                BankAccount.self, id: "ada", step: "refund", text: "refund transfer to account-ada amount=40",
                Decision { s in [TransferRefunded(transfer: transfer, to: "account-late", amount: 40, balance: s.balance + 40, reason: "account-late: account not opened; open it first")] })
        } else {
            let runner = HandlerRunner(handler: ProcessManagerHandler(TransferProcess(), journal: journal, engine: engine), store: store)
            runner.start()
            var head = try await store.stats().headPosition
            while true {
                #expect(await runner.waitUntilCaughtUp(to: head))
                let now = try await store.stats().headPosition
                if now == head { break }
                head = now
            }
            await runner.stop()
        }
        #expect(try await types(store, "account-ada").last == "account.transfer-refunded")
        // The target is opened; then the process manager replays everything (its checkpoint lost).
        _ = try await send(engine, "open account-late owner=Late")
        try await journal.reset()
        let replay = HandlerRunner(handler: ProcessManagerHandler(TransferProcess(), journal: journal, engine: engine), store: store)
        replay.start()
        let end = try await store.stats().headPosition
        #expect(await replay.waitUntilCaughtUp(to: end))
        #expect(replay.status.failure == nil, "\(replay.status)")
        await replay.stop()
        #expect(try await store.stats().headPosition == end, "the replay appended events")
        #expect(try await types(store, "account-late") == (legacy ? ["account.opened"] : ["account.transfer-rejected", "account.opened"]))
        #expect(try await balance(engine, "ada") == 100)
        #expect(try await balance(engine, "late") == 0)
        #expect(try await journal.rows(limit: 10).map { $0.cells[4] } == ["refunded"])
        await store.close()
    }

    @Test("a replay after the engine's window of command ids moved on (more than 128 events since) sends, receives and refunds nothing again", arguments: ["memory", "sqlite"])
    func replayPastTheWindow(kind: String) async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (store, database) = try await open(kind, in: directory)
        let engine = Engine(store: store, catalog: DemoCatalog.make())
        for line in ["open account-ada owner=Ada", "deposit account-ada amount=10000", "open account-alan owner=Alan", "open account-grace owner=Grace", "close account-grace"] {
            _ = try await send(engine, line)
        }
        // 80 transfers, half to a closed account: ada's stream grows past 200 events, so the
        // first steps' command ids have left the window of any engine that loads it now.
        for n in 1...80 { _ = try await send(engine, "transfer account-ada to=account-\(n.isMultiple(of: 2) ? "alan" : "grace") amount=\(n)") }
        let journal = TransfersJournal(database: database)
        let runner = HandlerRunner(handler: ProcessManagerHandler(TransferProcess(), journal: journal, engine: engine), store: store)
        runner.start()
        var head = try await store.stats().headPosition
        while true {
            #expect(await runner.waitUntilCaughtUp(to: head, timeout: .seconds(90)))
            let now = try await store.stats().headPosition
            if now == head { break }
            head = now
        }
        await runner.stop()
        let toAlan = (1...80).filter { $0.isMultiple(of: 2) }.reduce(0, +)
        #expect(try await balance(engine, "ada") == 10000 - toAlan)
        #expect(try await balance(engine, "alan") == toAlan)
        #expect(try await store.readStream("account-ada").count > 200)

        // The checkpoint is lost; a fresh engine (an empty window) replays every event.
        try await journal.reset()
        let fresh = Engine(store: store, catalog: DemoCatalog.make())
        let replay = HandlerRunner(handler: ProcessManagerHandler(TransferProcess(), journal: journal, engine: fresh), store: store)
        replay.start()
        #expect(await replay.waitUntilCaughtUp(to: head, timeout: .seconds(90)))
        #expect(replay.status.failure == nil, "\(replay.status)")
        await replay.stop()
        #expect(try await store.stats().headPosition == head, "the replay appended events")
        #expect(try await balance(fresh, "ada") == 10000 - toAlan)
        #expect(try await balance(fresh, "alan") == toAlan)
        #expect(try await journal.rows(limit: 100).filter { $0.cells[4] == "received" || $0.cells[4] == "refunded" }.count == 80)
        fresh.shutdown()
        engine.shutdown()
        await store.close()
    }
}
