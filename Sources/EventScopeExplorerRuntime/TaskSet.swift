import Synchronization

/// Background tasks that can all be cancelled and awaited at once; finished ones drop out.
final class TaskSet: Sendable {
    private let state = Mutex<(next: Int, running: [Int: Task<Void, Never>])>((0, [:]))

    /// Starts `body` as a tracked task.
    func spawn(_ body: @escaping @Sendable () async -> Void) {
        state.withLock { t in
            t.next += 1
            let id = t.next
            // Created under the lock, so its removal cannot run before its insertion.
            t.running[id] = Task { [self] in
                await body()
                state.withLock { _ = $0.running.removeValue(forKey: id) }
            }
        }
    }

    /// Cancels every running task and waits for them to end.
    func cancelAll() async {
        let running = state.withLock { t -> [Task<Void, Never>] in
            defer { t.running = [:] }
            return Array(t.running.values)
        }
        running.forEach { $0.cancel() }
        for task in running { await task.value }
    }
}
