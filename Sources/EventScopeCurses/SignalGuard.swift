import CEventScopeNcursesw
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

// Every call touching the shim's signal globals lives in this file: static variables in a
// C header are per object file, so they must all be reached from one Swift file.

/// Restores the terminal when the process is told to stop (SIGINT, SIGTERM, SIGHUP, SIGQUIT)
/// or exits without stopping the backend.
///
/// The C handler only records the signal and writes to the backend's wake pipe; the curses
/// thread notices, calls `endwin`, then re-raises the signal with its default action, so the
/// process ends with the status the sender expects.
enum SignalGuard {
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]

    /// Whether curses currently owns the terminal (read by the exit hook).
    static let cursesActive = Atomic<Bool>(false)
    private static let exitHookInstalled = Atomic<Bool>(false)

    /// Installs the handlers; signals wake the thread through `wakeFD`.
    static func install(wakeFD: Int32) {
        es_set_wake_fd(wakeFD)
        for signal in signals { es_install_signal_handler(signal) }
    }

    /// Unblocks, on the calling (curses) thread, the signals the backend relies on: a process
    /// started with them blocked (inherited masks are common under test runners) would
    /// otherwise never see a resize (SIGWINCH) or a request to stop.
    static func unblockOnCurrentThread() {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in signals + [SIGWINCH] { sigaddset(&set, signal) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// Puts the default actions back.
    static func uninstall() {
        for signal in signals { es_default_signal_handler(signal) }
        es_set_wake_fd(-1)
    }

    /// Saves the terminal's modes and, until ``disarmCrashGuard()``, restores them and the
    /// screen if the process crashes (a trap, abort or bad access), before it dies.
    static func armCrashGuard(inputFD: Int32, outputFD: Int32) { es_crash_guard_arm(inputFD, outputFD, savedModes) }

    /// Where the crash guard keeps the terminal's modes (the handler reads it; never freed).
    private nonisolated(unsafe) static let savedModes = UnsafeMutablePointer<termios>.allocate(capacity: 1)

    /// The terminal was restored normally: crashes take their default action again.
    static func disarmCrashGuard() { es_crash_guard_disarm() }

    /// The signal received since the last call, or 0.
    static func takePendingSignal() -> Int32 { es_take_pending_signal() }

    /// Ends the process with `signal`'s default action (after the terminal was restored).
    static func reraise(_ signal: Int32) -> Never {
        es_default_signal_handler(signal)
        raise(signal)
        _exit(128 + signal)
    }

    /// Registers (once) an `atexit` hook that calls `endwin` if curses still owns the
    /// terminal, for `exit()` called while the UI runs.
    static func installExitHook() {
        guard !exitHookInstalled.exchange(true, ordering: .relaxed) else { return }
        atexit {
            if SignalGuard.cursesActive.load(ordering: .acquiring) {
                endwin()
            }
        }
    }
}
