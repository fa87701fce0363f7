import EventScope
import EventScopeDemo
import GRDB

/// The demo domain's read models, registered once: what the explorer's projections view,
/// `eventscope project`, `handlers`, `readmodel` and `rebuild` run and show.
public enum DemoProjections {
    /// The process managers among them (what reacts to an event by sending commands).
    public static let processes: [any ProcessManager] = [TransferProcess()]

    /// Their names, in order.
    public static let names = [CounterReadModel.name, AccountsReadModel.name, TransferProcess.name]

    /// The read models alone (no process manager: nothing that sends commands), in `database`:
    /// what a read-only explorer runs, in memory.
    public static func readModels(database: any DatabaseWriter) -> [any ReadModel] {
        [CountersReadModel(database: database), AccountsReadModel(database: database)]
    }

    /// The read models in `database` (the SQLite store's own file, or a file of read models),
    /// and the transfer process manager, which sends its commands through `engine` (its journal
    /// is in `database` too).
    /// - Parameter pauseBeforeCheckpoint: tests only: the process manager waits this long
    ///   between its commands and its checkpoint.
    public static func make(database: any DatabaseWriter, engine: Engine, pauseBeforeCheckpoint: Duration? = nil) -> [any ReadModel] {
        [
            CountersReadModel(database: database), AccountsReadModel(database: database),
            ProcessManagerHandler(TransferProcess(), journal: TransfersJournal(database: database), engine: engine, pauseBeforeCheckpoint: pauseBeforeCheckpoint),
        ]
    }
}
