import ArgumentParser
import EventScopeTerminalUI
import EventScopeCurses

/// `eventscope tui-demo`: a small full-screen program on the curses backend, for trying the
/// terminal (keys, UTF-8, resize, colours) and for the tmux end-to-end test.
///
/// Shows the terminal size, the last keys pressed by name, a text field that takes typed
/// text, and a few widgets. `q` or Ctrl-C quits, `?` toggles help, Tab switches tabs, Esc
/// clears the field.
struct TUIDemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui-demo",
        abstract: "Show the terminal UI toolkit: typed keys, size, widgets. q quits.",
        shouldDisplay: false
    )

    @Flag(help: "Report mouse clicks and wheel steps.")
    var mouse = false

    @Option(help: "Colour mode: none, ansi8, ansi16 or ansi256 (default: detect; NO_COLOR is honoured).")
    var colors: String?

    func run() async throws {
        let mode: ColorMode? = switch colors {
        case "none": ColorMode.none
        case "ansi8": .ansi8
        case "ansi16": .ansi16
        case "ansi256": .ansi256
        case nil: nil
        case let other?: throw ValidationError("unknown colour mode '\(other)'; use none, ansi8, ansi16 or ansi256")
        }
        try await CursesBackend.run(options: CursesOptions(mouse: mouse, colorMode: mode)) { backend in
            var demo = ToolkitShowcase(colorMode: backend.colorMode)
            var terminal = Terminal(backend: backend)
            await terminal.draw { demo.view(into: &$0) }
            for await key in backend.events {
                guard demo.update(key) else { break }
                await terminal.draw { demo.view(into: &$0) }
            }
        }
    }
}

