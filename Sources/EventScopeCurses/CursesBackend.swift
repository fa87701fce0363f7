import CEventScopeNcursesw
import Foundation
import Synchronization
import EventScopeTerminalUI

/// The ``TerminalBackend`` that drives a real terminal through ncursesw.
///
/// One dedicated thread owns every curses call. Callers queue work (`draw`, cursor, `clear`)
/// under a lock and wake the thread through a pipe; `flush` waits — without blocking the
/// cooperative pool — until the thread has sent the frame with one `doupdate`. The same
/// thread polls input (every ``CursesOptions/pollInterval`` ms at most) and yields decoded
/// keys on ``events``.
///
/// The terminal is restored (`endwin`) on every exit path: ``stop()``, ``run(options:_:)``
/// returning or throwing, SIGINT/SIGTERM/SIGHUP/SIGQUIT, and `exit()`.
///
/// ```swift
/// try await CursesBackend.run { backend in
///     var terminal = Terminal(backend: backend)
///     for await key in backend.events { ... await terminal.draw { ... } }
/// }
/// ```
public final class CursesBackend: TerminalBackend {
    private enum Command {
        case draw([CellChange])
        case cursor(Position?)
        case clear
        case flush(CheckedContinuation<Void, Never>)
    }

    private struct Shared {
        var commands: [Command] = []
        var stopWaiters: [CheckedContinuation<Void, Never>] = []
        var stopping = false
        var stopped = false
    }

    private let shared = Mutex(Shared())
    private let currentSize: Mutex<Size>
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let continuation: AsyncStream<Key>.Continuation
    private let options: CursesOptions

    /// Decoded input; finishes when the backend stops.
    public let events: AsyncStream<Key>
    /// The colour mode chosen at start (requested, `NO_COLOR`, or the terminal's colours).
    public let colorMode: ColorMode

    /// The terminal's size, updated on resize.
    public var size: Size { currentSize.withLock { $0 } }

    // MARK: - Lifecycle

    /// Starts curses on its own thread.
    /// - Throws: ``CursesError/cannotInitialize(_:)`` when the device is not a terminal or its
    ///   type is unknown to terminfo.
    public static func start(options: CursesOptions = CursesOptions()) async throws -> CursesBackend {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<CursesBackend, any Error>) in
            let thread = Thread {
                do {
                    let screen = try CursesScreen(options: options)
                    let backend = CursesBackend(screen: screen, options: options)
                    c.resume(returning: backend)
                    backend.loop(screen)
                } catch {
                    c.resume(throwing: error)
                }
            }
            thread.name = "curses"
            thread.start()
        }
    }

    /// Starts curses, runs `body`, and restores the terminal however `body` ends.
    public static func run<T>(options: CursesOptions = CursesOptions(), _ body: (CursesBackend) async throws -> T) async throws -> T {
        let backend = try await start(options: options)
        do {
            let result = try await body(backend)
            await backend.stop()
            return result
        } catch {
            await backend.stop()
            throw error
        }
    }

    private init(screen: CursesScreen, options: CursesOptions) {
        var fds: [Int32] = [0, 0]
        pipe(&fds)
        _ = fcntl(fds[0], F_SETFL, O_NONBLOCK)
        _ = fcntl(fds[1], F_SETFL, O_NONBLOCK)
        (wakeRead, wakeWrite) = (fds[0], fds[1])
        currentSize = Mutex(screen.size)
        colorMode = screen.palette.mode
        self.options = options
        (events, continuation) = AsyncStream.makeStream(of: Key.self)
        SignalGuard.cursesActive.store(true, ordering: .releasing)
        SignalGuard.installExitHook()
        if options.handlesSignals { SignalGuard.install(wakeFD: wakeWrite) }
    }

    /// Restores the terminal and ends ``events``; returns once the terminal is restored.
    /// Pending flushes complete. Calling it again does nothing.
    public func stop() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let done = shared.withLock { s -> Bool in
                if s.stopped { return true }
                s.stopping = true
                s.stopWaiters.append(c)
                return false
            }
            if done { c.resume() } else { wake() }
        }
    }

    // MARK: - TerminalBackend

    public func draw(_ changes: [CellChange]) { enqueue(.draw(changes)) }
    public func setCursor(_ position: Position) { enqueue(.cursor(position)) }
    public func hideCursor() { enqueue(.cursor(nil)) }
    public func clear() { enqueue(.clear) }

    public func flush() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let stopped = shared.withLock { s -> Bool in
                if s.stopped { return true }
                s.commands.append(.flush(c))
                return false
            }
            if stopped { c.resume() } else { wake() }
        }
    }

    private func enqueue(_ command: Command) {
        let wasEmpty = shared.withLock { s -> Bool in
            guard !s.stopped else { return false }
            s.commands.append(command)
            return s.commands.count == 1
        }
        if wasEmpty { wake() }
    }

    private func wake() {
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    // MARK: - The curses thread

    private func loop(_ screen: CursesScreen) {
        var fds = [
            pollfd(fd: screen.inputFD, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0),
        ]
        var drain = [UInt8](repeating: 0, count: 64)
        var keys: [Key] = []
        while true {
            _ = poll(&fds, 2, Int32(options.pollInterval))
            while read(wakeRead, &drain, drain.count) > 0 {}

            let signal = SignalGuard.takePendingSignal()
            if signal != 0 {
                SignalGuard.cursesActive.store(false, ordering: .releasing)
                screen.end()
                SignalGuard.reraise(signal)
            }

            let (commands, stopping) = shared.withLock { s in
                let c = s.commands
                s.commands.removeAll(keepingCapacity: true)
                return (c, s.stopping)
            }
            var flushes: [CheckedContinuation<Void, Never>] = []
            for command in commands {
                switch command {
                case .draw(let changes): screen.draw(changes)
                case .cursor(let position): screen.setCursor(position)
                case .clear: screen.clear()
                case .flush(let c): flushes.append(c)
                }
            }
            if !flushes.isEmpty {
                screen.update()
                flushes.forEach { $0.resume() }
            }
            if stopping { break }

            keys.removeAll(keepingCapacity: true)
            screen.readKeys(into: &keys)
            for key in keys {
                if case .resize(let newSize) = key { currentSize.withLock { $0 = newSize } }
                continuation.yield(key)
            }
        }
        // Stop: restore the terminal, then release everyone waiting.
        screen.end()
        SignalGuard.cursesActive.store(false, ordering: .releasing)
        if options.handlesSignals { SignalGuard.uninstall() }
        let (waiters, leftovers) = shared.withLock { s in
            s.stopped = true
            let w = s.stopWaiters
            let l = s.commands
            s.stopWaiters = []
            s.commands = []
            return (w, l)
        }
        for case .flush(let c) in leftovers { c.resume() }
        continuation.finish()
        close(wakeRead)
        close(wakeWrite)
        waiters.forEach { $0.resume() }
    }
}
