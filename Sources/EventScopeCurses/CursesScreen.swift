import CEventScopeNcursesw
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import EventScopeTerminalUI

/// The curses screen and everything done to it. Only the backend's thread touches it.
final class CursesScreen {
    private let screen: OpaquePointer
    private let window: UnsafeMutablePointer<WINDOW>
    private let input: UnsafeMutablePointer<FILE>
    private let output: UnsafeMutablePointer<FILE>
    /// The file descriptor input is read from (polled by the thread).
    let inputFD: Int32
    private(set) var palette: CursesPalette
    private var cursorVisible = false
    private var pendingEscape = false
    private let ccharMax = Int(es_ccharw_max())

    /// Starts curses on the device in `options`.
    /// - Throws: `CursesError.cannotInitialize` when `newterm` fails.
    init(options: CursesOptions) throws {
        CursesLocale.ensureUTF8()
        SignalGuard.unblockOnCurrentThread()
        let (inFD, outFD, terminalType): (Int32, Int32, String?)
        switch options.device {
        case .standard:
            (inFD, outFD, terminalType) = (dup(STDIN_FILENO), dup(STDOUT_FILENO), nil)
        case .fileDescriptor(let fd, let type):
            (inFD, outFD, terminalType) = (dup(fd), dup(fd), type)
        }
        guard inFD >= 0, outFD >= 0, isatty(inFD) == 1,
              let input = fdopen(inFD, "r"), let output = fdopen(outFD, "w")
        else {
            throw CursesError.cannotInitialize("input is not a terminal")
        }
        SignalGuard.armCrashGuard(inputFD: inFD, outputFD: outFD)
        set_escdelay(Int32(options.escapeDelay))
        // The size comes from the device (ioctl) rather than LINES/COLUMNS, which may be stale.
        use_tioctl(true)
        let created: OpaquePointer? = terminalType.map { newterm($0, output, input) } ?? newterm(nil, output, input)
        guard let screen = created else {
            SignalGuard.disarmCrashGuard()
            fclose(input)
            fclose(output)
            let term = terminalType ?? getenv("TERM").map { String(cString: $0) } ?? "(unset)"
            throw CursesError.cannotInitialize("curses does not know terminal type '\(term)'; set TERM to e.g. xterm-256color")
        }
        _ = set_term(screen)
        self.screen = screen
        self.window = es_stdscr()!
        self.input = input
        self.output = output
        self.inputFD = inFD
        if options.raw { raw() } else { cbreak() }
        noecho()
        nonl()
        keypad(window, true)
        meta(window, true)
        wtimeout(window, 0)
        leaveok(window, false)
        scrollok(window, false)
        curs_set(0)
        if options.mouse {
            mouseinterval(0)
            mousemask(CursesMouse.mask, nil)
            // Also ask for any-motion reports (xterm 1003) is left out: clicks and wheel suffice.
        }
        let noColor = getenv("NO_COLOR").map { $0.pointee != 0 } ?? false
        palette = CursesPalette(requested: options.colorMode, noColor: noColor)
        werase(window)
        wnoutrefresh(window)
        doupdate()
    }

    /// The screen size as curses knows it.
    var size: Size { Size(width: Int(es_getmaxx(window)), height: Int(es_getmaxy(window))) }

    // MARK: - Output

    /// Draws changed cells into curses' virtual screen (nothing reaches the terminal yet).
    func draw(_ changes: [CellChange]) {
        var cc = cchar_t()
        var wide = [wchar_t](repeating: 0, count: ccharMax + 1)
        for change in changes {
            let (attrs, pair) = palette.attributes(for: change.cell.style)
            fill(&wide, with: change.cell.symbol)
            let ok = wide.withUnsafeBufferPointer { es_setcchar(&cc, $0.baseAddress, attrs, pair) }
            if ok != es_ok() {
                // A grapheme curses refuses (e.g. several spacing characters): draw its first
                // scalar alone, which has the same width.
                wide[1] = 0
                _ = wide.withUnsafeBufferPointer { es_setcchar(&cc, $0.baseAddress, attrs, pair) }
            }
            // The bottom-right cell returns ERR (the cursor cannot advance) but is drawn.
            if wmove(window, Int32(change.position.y), Int32(change.position.x)) == es_ok() {
                _ = wadd_wch(window, &cc)
            }
        }
    }

    /// Writes `symbol`'s scalars into `wide`, NUL-terminated: the base character followed by
    /// its zero-width combining characters, up to what a `cchar_t` holds. A zero-width-joiner
    /// sequence is cut at the first joiner (curses stores one spacing character per cell).
    private func fill(_ wide: inout [wchar_t], with symbol: String) {
        var count = 0
        for scalar in symbol.unicodeScalars {
            if count > 0 {
                if scalar.value == 0x200D { break }
                if count >= ccharMax - 1 { break }
                if scalar.value != 0xFE0F && scalar.properties.generalCategory != .nonspacingMark
                    && scalar.properties.generalCategory != .enclosingMark
                    && scalar.properties.generalCategory != .spacingMark
                    && !(0x1F3FB...0x1F3FF).contains(scalar.value) { break }
            }
            wide[count] = wchar_t(bitPattern: scalar.value)
            count += 1
        }
        if count == 0 { wide[0] = 0x20; count = 1 }
        wide[count] = 0
    }

    /// Erases the virtual screen and forces a full repaint at the next update.
    func clear() {
        werase(window)
        clearok(window, true)
    }

    /// Moves the visible cursor to `position`, or hides it when `nil`, at the next update.
    func setCursor(_ position: Position?) {
        pendingCursor = position
    }

    private var pendingCursor: Position?

    /// Sends everything drawn since the last update to the terminal: one `doupdate`.
    func update() {
        if let p = pendingCursor {
            wmove(window, Int32(p.y), Int32(p.x))
            if !cursorVisible { curs_set(1); cursorVisible = true }
        } else if cursorVisible {
            curs_set(0)
            cursorVisible = false
        }
        wnoutrefresh(window)
        doupdate()
    }

    // MARK: - Input

    /// Reads every key available now, without waiting (ESC waits `escapeDelay` for a sequence).
    func readKeys(into keys: inout [Key]) {
        var wch: wint_t = 0
        while true {
            let status = wget_wch(window, &wch)
            if status == es_err() { break }
            let key: Key?
            if status == es_key_code_yes() {
                key = functionKey(Int32(wch))
            } else {
                key = CursesKeyDecoder.decode(character: UInt32(wch))
            }
            guard let key else { continue }
            // ESC followed at once by a key is Alt+key.
            if pendingEscape {
                pendingEscape = false
                if let alt = CursesKeyDecoder.alt(following: key) { keys.append(alt); continue }
                keys.append(.escape)
            }
            if key == .escape {
                pendingEscape = true
                continue
            }
            keys.append(key)
        }
        if pendingEscape {
            pendingEscape = false
            keys.append(.escape)
        }
    }

    private func functionKey(_ code: Int32) -> Key? {
        if code == KEY_RESIZE { return .resize(size) }
        if code == KEY_MOUSE {
            var event = MEVENT()
            guard getmouse(&event) == es_ok() else { return nil }
            return CursesMouse.decode(state: event.bstate, x: event.x, y: event.y).map(Key.mouse)
        }
        return CursesKeyDecoder.decode(functionKey: code)
    }

    // MARK: - Shutdown

    /// Restores the terminal (`endwin`) and frees the screen.
    func end() {
        if cursorVisible { curs_set(1) }
        curs_set(1)
        endwin()
        SignalGuard.disarmCrashGuard()
        delscreen(screen)
        fclose(input)
        fclose(output)
    }
}
