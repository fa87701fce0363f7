import Testing
@testable import EventScopeTerminalUI

@Suite struct TextInputTests {
    @Test func typingAndEditing() {
        var s = TextInputState()
        for c in "helo" { s.handle(.char(c)) }
        s.handle(.left)
        s.handle(.char("l"))
        #expect(s.text == "hello")
        #expect(s.cursor == 4)
        s.handle(.home)
        s.handle(.delete)
        #expect(s.text == "ello")
        s.handle(.end)
        s.handle(.backspace)
        #expect(s.text == "ell")
        #expect(s.cursor == 3)
    }

    @Test func cursorMovesByGrapheme() {
        var s = TextInputState(text: "e\u{301}日👨‍👩‍👧")
        #expect(s.cursor == 3)
        s.handle(.backspace)
        #expect(s.text == "e\u{301}日")
        s.handle(.left)
        s.handle(.backspace)
        #expect(s.text == "日")
    }

    @Test func wordDelete() {
        var s = TextInputState(text: "open account  ")
        s.handle(.ctrl("w"))
        #expect(s.text == "open ")
        s.handle(.ctrl("w"))
        #expect(s.text == "")
    }

    @Test func historyBrowsingKeepsTheDraft() {
        var s = TextInputState()
        s.insert("first"); _ = s.submit()
        s.insert("second"); _ = s.submit()
        s.insert("dra")
        s.handle(.up)
        #expect(s.text == "second")
        s.handle(.up)
        #expect(s.text == "first")
        s.handle(.up)
        #expect(s.text == "first")
        s.handle(.down)
        #expect(s.text == "second")
        s.handle(.down)
        #expect(s.text == "dra")
        #expect(s.history == ["first", "second"])
    }

    @Test func submitSkipsEmptyAndRepeats() {
        var s = TextInputState()
        _ = s.submit()
        s.insert("a"); _ = s.submit()
        s.insert("a"); _ = s.submit()
        #expect(s.history == ["a"])
    }

    @Test func renderReportsCursorAfterWideText() {
        var buffer = Buffer(size: Size(width: 12, height: 1))
        var s = TextInputState(text: "日本")
        buffer.render(TextInput(prompt: Span("> ")), in: buffer.area, state: &s)
        #expect(buffer.lines == ["> 日本      "])
        #expect(s.cursorPosition == Position(x: 6, y: 0))
    }

    @Test func longTextScrollsToKeepTheCursorVisible() {
        var buffer = Buffer(size: Size(width: 6, height: 1))
        var s = TextInputState(text: "abcdefghij")
        buffer.render(TextInput(), in: buffer.area, state: &s)
        #expect(buffer.lines == ["fghij "])
        #expect(s.cursorPosition == Position(x: 5, y: 0))
        s.handle(.home)
        buffer.render(TextInput(), in: buffer.area, state: &s)
        #expect(buffer.lines == ["abcdef"])
        #expect(s.cursorPosition == Position(x: 0, y: 0))
    }

    @Test func placeholderWhenEmpty() {
        var buffer = Buffer(size: Size(width: 8, height: 1))
        var s = TextInputState()
        buffer.render(TextInput(placeholder: "type…"), in: buffer.area, state: &s)
        #expect(buffer.lines == ["type…   "])
        #expect(buffer[0, 0].style.modifiers.contains(.dim))
    }
}
