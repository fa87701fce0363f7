import Glibc
import Synchronization
import Testing
import EventScopeTerminalUI
@testable import EventScopeCurses

/// Drives a real ncurses screen on a pseudo-terminal: no tmux, no real terminal needed.
/// Serialized: curses keeps process-wide state, so only one screen runs at a time.
@Suite(.serialized) struct CursesBackendTests {
    func withBackend(colorMode: ColorMode = .ansi256, size: Size = Size(width: 40, height: 10), mouse: Bool = false, _ body: (CursesBackend, PseudoTerminal) async throws -> Void) async throws {
        let pty = try PseudoTerminal(size: size)
        defer { pty.close() }
        let options = CursesOptions(device: .fileDescriptor(pty.slave, terminalType: "xterm-256color"), mouse: mouse, colorMode: colorMode, handlesSignals: false)
        try await CursesBackend.run(options: options) { backend in
            try await body(backend, pty)
        }
    }

    /// The next `count` keys, or those that arrived within `timeout`.
    func keys(_ count: Int, from backend: CursesBackend, timeout: Duration = .seconds(5)) async -> [Key] {
        let received = KeyLog()
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await key in backend.events {
                    let done = received.keys.withLock { $0.append(key); return $0.count == count }
                    if done { break }
                }
            }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
        return received.keys.withLock { $0 }
    }

    @Test func startsWithThePseudoTerminalSizeAndRestoresOnStop() async throws {
        let pty = try PseudoTerminal(size: Size(width: 40, height: 10))
        defer { pty.close() }
        let backend = try await CursesBackend.start(options: CursesOptions(device: .fileDescriptor(pty.slave, terminalType: "xterm-256color"), handlesSignals: false))
        #expect(backend.size == Size(width: 40, height: 10))
        #expect(await pty.waitForOutput(containing: "\u{1B}[?1049h"))  // alternate screen on
        await backend.stop()
        #expect(await pty.waitForOutput(containing: "\u{1B}[?1049l"))  // and off again
        // The event stream ends with the backend.
        var iterator = backend.events.makeAsyncIterator()
        #expect(await iterator.next() == nil)
    }

    @Test func drawsTextWideCharactersAndColours() async throws {
        try await withBackend { backend, pty in
            var terminal = Terminal(backend: backend)
            await terminal.draw { frame in
                frame.buffer.set(string: "hello 日本", at: Position(x: 2, y: 1))
                frame.buffer.set(string: "red", at: Position(x: 0, y: 3), style: Style(foreground: .red))
            }
            #expect(await pty.waitForOutput(containing: "hello 日本"))
            #expect(await pty.waitForOutput(containing: "\u{1B}[31mred"))
        }
    }

    @Test func sendsOnlyChangesAfterTheFirstFrame() async throws {
        try await withBackend { backend, pty in
            var terminal = Terminal(backend: backend)
            await terminal.draw { $0.buffer.set(string: "counter 1 unchanged-tail", at: .zero) }
            #expect(await pty.waitForOutput(containing: "unchanged-tail"))
            pty.clearOutput()
            let sent = await terminal.draw { $0.buffer.set(string: "counter 2 unchanged-tail", at: .zero) }
            #expect(sent == 1)
            #expect(await pty.waitForOutput(containing: "2"))
            #expect(!pty.output.contains("unchanged-tail"))
        }
    }

    @Test func escapeSequencesInTextAreDrawnVisibly() async throws {
        try await withBackend { backend, pty in
            var terminal = Terminal(backend: backend)
            await terminal.draw { $0.buffer.set(string: "\u{1B}]0;pwned\u{7}\u{1B}[2J", at: .zero) }
            #expect(await pty.waitForOutput(containing: "␛]0;pwned␇␛[2J"))
            #expect(!pty.output.contains("\u{1B}]0;pwned"))
        }
    }

    @Test func monochromeKeepsHighlightsAsReverse() async throws {
        try await withBackend(colorMode: .none) { backend, pty in
            #expect(backend.colorMode == .none)
            var terminal = Terminal(backend: backend)
            await terminal.draw { $0.buffer.set(string: "selected", at: .zero, style: Style(foreground: .black, background: .cyan)) }
            // Reverse video (SGR 7) and no background colour (SGR 4x).
            #expect(await pty.waitForOutput(containing: "7mselected"))
            #expect(!pty.output.contains("\u{1B}[46m"))
        }
    }

    @Test func decodesTypedKeys() async throws {
        try await withBackend { backend, pty in
            // xterm in keypad (application) mode: ↑ is ESC O A, F5 is ESC [15~, Shift-Tab ESC [Z.
            pty.type("é日\u{1B}OA\u{1B}[15~\u{3}\u{1B}[Z\r\u{7F}")
            #expect(await keys(8, from: backend) == [.char("é"), .char("日"), .up, .function(5), .ctrl("c"), .backTab, .enter, .backspace])
        }
    }

    @Test func escapeAloneAndAltCombinations() async throws {
        try await withBackend { backend, pty in
            pty.type("\u{1B}x")
            #expect(await keys(1, from: backend) == [.alt("x")])
            pty.type("\u{1B}")
            #expect(await keys(1, from: backend) == [.escape])
        }
    }

    @Test func cursorIsShownWherePlaced() async throws {
        try await withBackend { backend, pty in
            var terminal = Terminal(backend: backend)
            await terminal.draw { frame in
                frame.buffer.set(string: "> ab", at: .zero)
                frame.cursor = Position(x: 4, y: 0)
            }
            #expect(await pty.waitForOutput(containing: "\u{1B}[?25h"))  // cursor made visible
        }
    }

    @Test func resizeIsDeliveredWithTheNewSizeAndRedrawnInFull() async throws {
        try await withBackend { backend, pty in
            var terminal = Terminal(backend: backend)
            await terminal.draw { $0.buffer.set(string: "before", at: .zero) }
            pty.resize(to: Size(width: 30, height: 8))
            kill(getpid(), SIGWINCH)
            #expect(await keys(1, from: backend) == [.resize(Size(width: 30, height: 8))])
            #expect(backend.size == Size(width: 30, height: 8))
            let sent = await terminal.draw { $0.buffer.set(string: "after", at: .zero) }
            #expect(sent == 30 * 8)
        }
    }

    @Test func mouseClicksAndWheelWhenAskedFor() async throws {
        try await withBackend(mouse: true) { backend, pty in
            // xterm-256color asks for SGR mouse reports (1006) on top of click reporting (1000).
            #expect(await pty.waitForOutput(containing: "\u{1B}[?1006;1000h"))
            // SGR encoding: ESC [ < button ; column ; row M, 1-based.
            pty.type("\u{1B}[<0;6;4M")  // left press at (5, 3)
            #expect(await keys(1, from: backend) == [.mouse(MouseEvent(kind: .press(.left), position: Position(x: 5, y: 3)))])
            pty.type("\u{1B}[<64;1;1M")  // wheel up at (0, 0)
            #expect(await keys(1, from: backend) == [.mouse(MouseEvent(kind: .wheelUp, position: Position(x: 0, y: 0)))])
        }
    }

    @Test func noMouseReportingUnlessAskedFor() async throws {
        try await withBackend { backend, pty in
            var terminal = Terminal(backend: backend)
            await terminal.draw { $0.buffer.set(string: "ready", at: .zero) }
            #expect(await pty.waitForOutput(containing: "ready"))
            #expect(!pty.output.contains("1000h"))
        }
    }
}

/// Keys received by a listening task, readable after it is cancelled.
final class KeyLog: Sendable {
    let keys = Mutex<[Key]>([])
}
