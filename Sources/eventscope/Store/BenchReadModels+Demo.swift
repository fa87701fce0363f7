import EventScope
import EventScopeBench
import EventScopeDemoReadModels
import EventScopeSQLite
import EventScopeStores
import Foundation
import GRDB

extension BenchReadModels {
    /// The demo's read models for the bench, kept where the explorer keeps them: in an SQLite
    /// scratch store's own file; for a Redis or in-memory scratch store, in a temporary SQLite
    /// file of their own (deleted when closed).
    static let demo = BenchReadModels(rebuildName: CounterReadModel.name) { store, _ in
        if let sqlite = store as? SQLiteEventStore {
            return Opened(models: DemoProjections.readModels(database: sqlite.database), close: {})
        }
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("eventscope-bench-read-models-\(UUID().uuidString.prefix(8)).sqlite").path
        let database = try await SQLiteReadModel.openDatabase(path: path)
        return Opened(models: DemoProjections.readModels(database: database)) {
            try? database.close()
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
    }
}
