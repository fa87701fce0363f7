import EventScope
import EventScopeExplorer
import Foundation

/// The read models that run whenever the explorer runs (catch up, then live), and what the
/// projections view asks of them: statuses a few times a second, rows, controls.
final class ReadModelFeed: Sendable {
    let runners: ReadModelRunners
    private let store: any EventStore
    private let inbox: Inbox

    init(models: [any ReadModel], store: any EventStore, inbox: Inbox) {
        self.runners = ReadModelRunners(models, store: store)
        self.store = store
        self.inbox = inbox
    }

    var isEmpty: Bool { runners.models.isEmpty }

    /// Starts the handlers and posts their statuses every 250 ms until cancelled; stops them after.
    func run() async {
        guard !isEmpty else { return }
        runners.start()
        while !Task.isCancelled {
            inbox.post(.handlersUpdated(runners.statuses))
            try? await Task.sleep(for: .milliseconds(250))
        }
        await runners.stop()
    }

    func control(_ name: String, _ request: HandlerControl) {
        if let refusal = runners.control(name, request) { inbox.post(.storeFailed(refusal)) }
        inbox.post(.handlersUpdated(runners.statuses))
    }

    /// The first `limit` rows of `name`, with its check and skips.
    func table(_ name: String, limit: Int) async throws -> ReadModelTable? {
        guard let model = runners.model(named: name) else { return nil }
        let checkpoint = try await model.checkpoint()
        let rows = try await model.rows(limit: limit)
        let check = try await model.check(rows, against: store)
        let skipped = try await model.skipped()
        return ReadModelTable(name: name, summary: model.summary, columns: model.columns, rows: rows, checkpoint: checkpoint, check: check, skipped: skipped)
    }

    /// What each read model holds for `stream`.
    func entries(of stream: StreamID) async throws -> ReadModelEntries {
        var entries: [ReadModelEntries.Entry] = []
        for model in runners.models {
            let rows = try await model.rows(of: stream)
            if !rows.isEmpty { entries.append(.init(name: model.name, columns: model.columns, rows: rows)) }
        }
        return ReadModelEntries(stream: stream, entries: entries)
    }
}
