import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Takes turns at SQLite's one write lock with the other processes (and other stores of this
/// process) writing the same file, so that every writer makes progress.
///
/// SQLite's own busy handler is unfair: a writer that finds the lock taken sleeps 1, 2, 5, …
/// up to 100 ms between tries, while the writer that holds it commits and takes it again at
/// once, so a busy process can starve the others (three demo processes on one file were seen
/// acknowledging 23,377 and 16 commands). Two parts fix it:
///
/// - **Waiting is short and announced.** While this store's writer waits for the lock (SQLite's
///   busy callback), it tries again every 30–200 µs (jittered, so waiters do not collide in
///   step) and holds a shared lock on byte 0 of a sidecar file, `PATH-eventscope-lock`: "a
///   writer is waiting". It lets go as soon as its transaction has begun.
/// - **A writer that just committed yields.** Before its next transaction it probes that byte
///   (`F_GETLK`, one system call); when another writer is waiting it holds back until the
///   waiter has taken the lock (its mark is gone) or ``maxYield`` has passed.
///
/// The marks are open-file-description locks on Linux (`F_OFD_*`), owned by this store's own
/// descriptor, so two stores in one process take turns too; elsewhere they are classic POSIX
/// locks (per process). Without the sidecar (an unwritable directory) only the short waits
/// remain. The locks vanish with the process, so a crash leaves no stale mark.
final class WriteTurns: Sendable {
    /// The longest a writer holds back for a waiter after a commit.
    static let maxYield: Duration = .milliseconds(4)

    private struct State {
        /// The thread that is beginning this store's write transaction, while it does.
        var beginning: UInt?
        /// Whether this store holds the "waiting" mark.
        var marked = false
        /// When each thread's current run of busy callbacks started.
        var waitStarts: [UInt: ContinuousClock.Instant] = [:]
    }

    /// The sidecar's descriptor, or -1.
    private let fd: Int32
    private let timeout: Duration
    private let state = Mutex(State())

    /// The sidecar file next to the database at `databasePath`.
    static func sidecarPath(_ databasePath: String) -> String { databasePath + "-eventscope-lock" }

    init(databasePath: String, timeout: Duration) {
        fd = open(Self.sidecarPath(databasePath), O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        self.timeout = timeout
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    // MARK: - Waiting (SQLite's busy callback)

    /// SQLite's busy callback: `true` to try again, `false` to give up (after the busy timeout).
    func busy(tries: Int) -> Bool {
        let now = ContinuousClock.now
        let me = Self.currentThread()
        let (start, writer) = state.withLock { s -> (ContinuousClock.Instant, Bool) in
            if tries == 0 { s.waitStarts[me] = now }
            let start = s.waitStarts[me] ?? now
            let writer = s.beginning == me
            return (start, writer)
        }
        guard now - start < timeout else {
            state.withLock { _ = $0.waitStarts.removeValue(forKey: me) }
            if writer { unmark() }
            return false
        }
        if writer, tries == 0 { mark() }
        usleep(UInt32.random(in: 30...200))
        return true
    }

    /// The writer is about to begin a transaction (on this thread).
    func willBegin() {
        state.withLock { $0.beginning = Self.currentThread() }
    }

    /// The writer's transaction began (or failed to): it no longer waits.
    func didBegin() {
        let me = Self.currentThread()
        state.withLock { s in
            s.beginning = nil
            s.waitStarts[me] = nil
        }
        unmark()
    }

    // MARK: - Yielding (after a commit)

    /// Holds back while another writer waits for the lock, up to ``maxYield``.
    /// - Returns: whether someone was waiting.
    @discardableResult
    func yieldIfOthersWait() -> Bool {
        guard othersWait() else { return false }
        let deadline = ContinuousClock.now + Self.maxYield
        repeat {
            usleep(50)
        } while othersWait() && ContinuousClock.now < deadline
        return true
    }

    /// Whether another store holds the "waiting" mark.
    func othersWait() -> Bool {
        guard fd >= 0 else { return false }
        var probe = flock()
        probe.l_type = Int16(F_WRLCK)
        probe.l_whence = Int16(SEEK_SET)
        probe.l_start = 0
        probe.l_len = 1
        guard fcntl(fd, Self.getLockCommand, &probe) == 0 else { return false }
        return probe.l_type != Int16(F_UNLCK)
    }

    // MARK: - The mark

    private func mark() {
        guard fd >= 0, !state.withLock({ $0.marked }) else { return }
        if setLock(F_RDLCK) { state.withLock { $0.marked = true } }
    }

    private func unmark() {
        guard fd >= 0, state.withLock({ $0.marked }) else { return }
        _ = setLock(F_UNLCK)
        state.withLock { $0.marked = false }
    }

    private func setLock(_ type: Int32) -> Bool {
        var lock = flock()
        lock.l_type = Int16(type)
        lock.l_whence = Int16(SEEK_SET)
        lock.l_start = 0
        lock.l_len = 1
        return fcntl(fd, Self.setLockCommand, &lock) == 0
    }

    private static func currentThread() -> UInt {
        #if canImport(Darwin)
        UInt(bitPattern: pthread_self())
        #else
        UInt(pthread_self())
        #endif
    }

    #if os(Linux)
    // Open-file-description locks (Linux 3.15+; not exported by Swift's Glibc module).
    private static let getLockCommand: Int32 = 36  // F_OFD_GETLK
    private static let setLockCommand: Int32 = 37  // F_OFD_SETLK
    #else
    private static let getLockCommand: Int32 = F_GETLK
    private static let setLockCommand: Int32 = F_SETLK
    #endif
}
