import Testing
@testable import EventScopeTerminalUI

@Suite struct TerminalTests {
    @Test func firstFrameIsFullThenOnlyChanges() async {
        let backend = TestBackend(size: Size(width: 10, height: 2))
        var terminal = Terminal(backend: backend)
        var counter = 0
        func draw() async -> Int {
            await terminal.draw { frame in
                frame.buffer.set(string: "count \(counter)", at: .zero)
            }
        }
        #expect(await draw() == 20)
        #expect(backend.lastFrame?.lines == ["count 0   ", "          "])
        counter = 1
        #expect(await draw() == 1)
        #expect(backend.lastFrame?.lines == ["count 1   ", "          "])
        #expect(await draw() == 0)
        #expect(backend.frames.count == 3)
    }

    @Test func resizeRedrawsEverything() async {
        let backend = TestBackend(size: Size(width: 4, height: 1))
        var terminal = Terminal(backend: backend)
        await terminal.draw { $0.buffer.set(string: "ab", at: .zero) }
        backend.resize(to: Size(width: 6, height: 2))
        let sent = await terminal.draw { $0.buffer.set(string: "ab", at: .zero) }
        #expect(sent == 12)
        #expect(backend.lastFrame?.lines == ["ab    ", "      "])
    }

    @Test func cursorIsPlacedOrHidden() async {
        let backend = TestBackend(size: Size(width: 10, height: 1))
        var terminal = Terminal(backend: backend)
        var input = TextInputState(text: "hi")
        await terminal.draw { frame in
            frame.render(TextInput(), in: frame.area, state: &input)
            frame.cursor = input.cursorPosition
        }
        #expect(backend.lastFrame?.cursor == Position(x: 2, y: 0))
        await terminal.draw { _ in }
        #expect(backend.lastFrame?.cursor == nil)
    }

    @Test func backendDeliversInjectedKeys() async {
        let backend = TestBackend(size: Size(width: 1, height: 1))
        backend.type("é")
        backend.send(.up)
        backend.finish()
        var keys: [Key] = []
        for await key in backend.events { keys.append(key) }
        #expect(keys == [.char("é"), .up])
    }
}
