import EventScopeTerminalUI

/// How a ``CursesBackend`` sets up the terminal.
public struct CursesOptions: Sendable {
    /// Where curses reads and writes.
    public enum Device: Sendable {
        /// The process's standard input and output (the usual case), terminal type from `TERM`.
        case standard
        /// A terminal on a file descriptor (e.g. the slave side of a pseudo-terminal), read and
        /// written through duplicates of `fd`, of terminal type `terminalType`.
        case fileDescriptor(Int32, terminalType: String)
    }

    /// The terminal to drive.
    public var device: Device
    /// Whether mouse clicks and wheel steps are reported as ``Key/mouse(_:)``.
    public var mouse: Bool
    /// Raw mode: Ctrl-C, Ctrl-Z and Ctrl-\ arrive as keys instead of signals. When `false`
    /// (cbreak mode) Ctrl-C raises SIGINT, which restores the terminal and ends the process.
    public var raw: Bool
    /// The colour mode; `nil` detects it (`NO_COLOR`, then the terminal's colour count).
    public var colorMode: ColorMode?
    /// Milliseconds curses waits after ESC for the rest of an escape sequence.
    public var escapeDelay: Int
    /// Milliseconds between input polls (the longest a resize or signal waits to be noticed).
    public var pollInterval: Int
    /// Whether SIGINT, SIGTERM, SIGHUP and SIGQUIT restore the terminal before ending the process.
    public var handlesSignals: Bool

    /// Creates options; the defaults suit an interactive full-screen app.
    public init(
        device: Device = .standard,
        mouse: Bool = false,
        raw: Bool = true,
        colorMode: ColorMode? = nil,
        escapeDelay: Int = 25,
        pollInterval: Int = 20,
        handlesSignals: Bool = true
    ) {
        self.device = device
        self.mouse = mouse
        self.raw = raw
        self.colorMode = colorMode
        self.escapeDelay = escapeDelay
        self.pollInterval = pollInterval
        self.handlesSignals = handlesSignals
    }
}

/// Why a ``CursesBackend`` could not start.
public enum CursesError: Error, Sendable, CustomStringConvertible {
    /// curses could not set up the terminal (not a terminal, or an unknown `TERM`).
    case cannotInitialize(String)
    /// The backend was already stopped.
    case stopped

    public var description: String {
        switch self {
        case .cannotInitialize(let why): return "cannot start the terminal UI: \(why)"
        case .stopped: return "the terminal UI has already stopped"
        }
    }
}
