import EventScopeTerminalUI
import EventScopeCurses

/// Benchmarks of the terminal UI: what one 200×60 frame of changing content costs to compute
/// (render + diff) and to draw through the curses backend into a pseudo-terminal.
///
/// Rows (medians over many frames):
/// - `render_diff_200x60_us`: render a full screen of widgets into a fresh buffer and diff it
///   against the previous frame, µs per frame. The widgets' content (strings, rows) is built
///   before the clock starts: that is the app's work, not the toolkit's.
/// - `render_diff_200x60_changed_cells`: cells the diff lists per frame (how much changes).
/// - `curses_draw_200x60_us`: the whole `Terminal.draw` through `CursesBackend` on a
///   pseudo-terminal (render, diff, curses drawing, `doupdate`, writing to the pty), µs per frame.
/// - `curses_bytes_per_frame`: bytes curses wrote to the terminal per frame.
enum RenderBench {
    static let size = Size(width: 200, height: 60)

    static func run(quick: Bool) async throws -> [BenchRow] {
        let frames = quick ? 200 : 2000
        let cursesFrames = quick ? 100 : 600

        // (a) Render + diff, no terminal.
        var previous = Buffer(size: size)
        var renderTimes: [Double] = []
        var changedCells: [Double] = []
        renderTimes.reserveCapacity(frames)
        let clock = ContinuousClock()
        for i in 0..<(frames + 10) {
            var changes: [CellChange] = []
            var buffer = Buffer(size: size)
            let screen = BenchScreen(frame: i)
            let elapsed = clock.measure {
                buffer = Buffer(size: size)
                screen.render(into: &buffer)
                changes = buffer.diff(from: previous)
            }
            previous = buffer
            if i >= 10 {  // warm-up frames are not counted
                renderTimes.append(microseconds(elapsed))
                changedCells.append(Double(changes.count))
            }
        }

        // (b) Through curses into a pseudo-terminal.
        let pty = try PseudoTerminal(size: size, captureLimit: 0)
        defer { pty.close() }
        let options = CursesOptions(device: .fileDescriptor(pty.slave, terminalType: "xterm-256color"), colorMode: .ansi256, handlesSignals: false)
        var drawTimes: [Double] = []
        var bytesPerFrame: [Double] = []
        try await CursesBackend.run(options: options) { backend in
            var terminal = Terminal(backend: backend)
            for i in 0..<(cursesFrames + 10) {
                let before = pty.bytesWritten
                let screen = BenchScreen(frame: i)
                let start = clock.now
                await terminal.draw { screen.render(into: &$0.buffer) }
                let elapsed = clock.now - start
                if i >= 10 {
                    drawTimes.append(microseconds(elapsed))
                    bytesPerFrame.append(Double(pty.bytesWritten - before))
                }
            }
        }
        return [
            BenchRow("render_diff_200x60_us", median(renderTimes), "us"),
            BenchRow("render_diff_200x60_changed_cells", median(changedCells), "cells"),
            BenchRow("curses_draw_200x60_us", median(drawTimes), "us"),
            BenchRow("curses_bytes_per_frame", median(bytesPerFrame), "bytes"),
        ]
    }

    private static func microseconds(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1e6 + Double(d.components.attoseconds) / 1e12
    }

    private static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 0 ? (sorted[mid - 1] + sorted[mid]) / 2 : sorted[mid]
    }
}

/// A full screen of widgets whose content changes every frame: a table of counters, a
/// scrolling log, a sparkline and bars — most cells differ from the previous frame.
private struct BenchScreen {
    let frame: Int
    let tableRows: [Row]
    let log: [Line]
    let data: [Double]

    init(frame i: Int) {
        frame = i
        tableRows = (0..<60).map { r in
            Row([
                Line("counter-\(r)-\((r * 7919 + i) % 10_000)"),
                Line(r % 2 == 0 ? "counter" : "account", style: Style(foreground: .cyan)),
                Line("\((i * (r + 1)) % 99_991)", style: Style(foreground: .yellow)),
            ])
        }
        log = (0..<60).map { k -> Line in
            let n = i + k
            return Line([
                Span("\(Self.twoDigits(n % 24)):\(Self.twoDigits(n % 60))", style: Style(foreground: .gray)),
                Span("  counter.incremented ", style: Style(foreground: .green)),
                Span("{\"by\": \(n % 17), \"stream\": \"counter-\(n % 31)\", \"note\": \"日本 é \(n)\"}"),
            ])
        }
        data = (0..<200).map { Double((($0 + i) * 37) % 23) }
    }

    func render(into buffer: inout Buffer) {
        let rows = Layout.vertical([.fixed(1), .fill(1), .fixed(8), .fixed(1)]).split(buffer.area)
        buffer.render(Tabs(["Streams", "Events", "Handlers", "Stats"], selected: frame % 4), in: rows[0])
        let columns = Layout.horizontal([.percentage(45), .fill(1)]).split(rows[1])
        var tableState = TableState(selected: frame % 60)
        let table = Table(tableRows, header: Row(["Stream", "Category", "Version"]), widths: [.fill(2), .fixed(10), .fixed(8)], block: Block.bordered("Streams", focused: true))
        buffer.render(table, in: columns[0], state: &tableState)
        buffer.render(Paragraph(log, wrap: true, block: Block.bordered("Events")), in: columns[1])
        buffer.render(Sparkline(data, style: Style(foreground: .magenta), block: Block.bordered("Rate")), in: rows[2])
        buffer.render(StatusBar(hints: [KeyHint("q", "quit"), KeyHint("?", "help"), KeyHint("Tab", "pane")], message: Line("frame \(frame)")), in: rows[3])
    }

    private static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
