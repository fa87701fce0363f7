import EventScope
import GRDB

/// The demo domain's read models, registered once: what the explorer's projections view,
/// `eventscope project`, `handlers`, `readmodel` and `rebuild` run and show.
public enum DemoProjections {
    /// Their names, in order.
    public static let names = [CounterReadModel.name, AccountsReadModel.name]

    /// The read models in `database` (the SQLite store's own file, or a file of read models).
    public static func make(database: any DatabaseWriter) -> [any ReadModel] {
        [CountersReadModel(database: database), AccountsReadModel(database: database)]
    }
}
