import Foundation

/// Runs blocking work (opening a file that may be locked, waiting on SQLite's busy timeout)
/// on a thread of its own, never on the cooperative pool.
enum Blocking {
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try work() })
            }
            thread.name = "SQLiteEventStore.blocking"
            thread.start()
        }
    }
}
