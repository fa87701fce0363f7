import Testing
@testable import EventScopeTerminalUI

@Suite struct DisplayWidthTests {
    @Test func asciiIsOneCellEach() {
        #expect(displayWidth(of: "hello") == 5)
    }

    @Test func cjkAndEmojiAreTwoCells() {
        #expect(displayWidth(of: "日本") == 4)
        #expect(displayWidth(of: "한국") == 4)
        #expect(displayWidth(of: "😀") == 2)
        #expect(displayWidth(of: "ｘ") == 2)  // fullwidth x
    }

    @Test func combiningMarksAddNoWidth() {
        #expect(displayWidth(of: "e\u{301}") == 1)
        #expect(displayWidth(of: "a\u{301}\u{302}b") == 2)
    }

    @Test func zwjSequenceIsOneWideGrapheme() {
        #expect(displayWidth(of: "👨‍👩‍👧") == 2)
        #expect(displayWidth(of: "🇫🇷") == 2)
        #expect(displayWidth(of: "👍🏽") == 2)
        #expect(displayWidth(of: "❤️") == 2)  // text-default heart with VS16
    }

    @Test func controlsCountTheirVisibleForm() {
        #expect(displayWidth(of: "\u{1B}[31m") == 5)  // ␛[31m
        #expect(displayWidth(of: "\u{9B}") == 2)  // ␛[
    }
}

@Suite struct SanitizingTests {
    @Test func escapeIsDrawnAsControlPicture() {
        #expect(sanitized("\u{1B}[31mred") == "␛[31mred")
    }

    @Test func c0DelAndC1AreVisible() {
        #expect(sanitized("a\u{0}b\u{7}c") == "a␀b␇c")
        #expect(sanitized("x\u{7F}") == "x␡")
        #expect(sanitized("\u{9B}2J") == "␛[2J")
        #expect(sanitized("line1\nline2\r\n") == "line1␊line2␍␊")
    }

    @Test func tabsExpandToFourColumnStops() {
        #expect(sanitized("a\tb") == "a   b")
        #expect(sanitized("\tx") == "    x")
    }

    @Test func loneFormatCharactersAreDroppedAndLoneMarksGetACircle() {
        #expect(sanitized("a\u{202E}b") == "ab")
        #expect(sanitized("\u{200B}") == "")
        #expect(sanitized("\n\u{301}") == "␊◌\u{301}")
    }

    @Test func bufferNeverHoldsAControlCharacter() {
        var buffer = Buffer(size: Size(width: 20, height: 1))
        buffer.set(string: "\u{1B}[31mred\u{1B}]0;title\u{7}", at: .zero)
        #expect(buffer.lines == ["␛[31mred␛]0;title␇  "])
        for cell in buffer.cells {
            #expect(!cell.symbol.unicodeScalars.contains { $0.value < 0x20 || ($0.value >= 0x7F && $0.value < 0xA0) })
        }
    }

    @Test func cellInitialiserSanitisesToo() {
        #expect(Cell("\u{1B}").symbol == "␛")
        #expect(Cell("\u{9B}").symbol == "␛")
    }

    @Test func everyWidgetSanitises() {
        var buffer = Buffer(size: Size(width: 30, height: 8))
        let evil = "\u{1B}[2Jx"
        buffer.render(Block.bordered(evil), in: Rect(x: 0, y: 0, width: 30, height: 3))
        buffer.render(Paragraph(evil), in: Rect(x: 1, y: 1, width: 28, height: 1))
        buffer.render(List([ListItem(Line(evil))]), in: Rect(x: 0, y: 3, width: 30, height: 1))
        buffer.render(Table([Row([evil])], widths: [.fill(1)]), in: Rect(x: 0, y: 4, width: 30, height: 1))
        buffer.render(StatusBar(hints: [KeyHint(evil, evil)]), in: Rect(x: 0, y: 5, width: 30, height: 1))
        var input = TextInputState(text: evil)
        buffer.render(TextInput(), in: Rect(x: 0, y: 6, width: 30, height: 1), state: &input)
        #expect(!buffer.text.unicodeScalars.contains("\u{1B}"))
        #expect(buffer.lines[0].contains("␛[2Jx"))
        #expect(buffer.lines[1].contains("␛[2Jx"))
        #expect(buffer.lines[6].hasPrefix("␛[2Jx"))
    }
}

@Suite struct TruncateTests {
    @Test func shortTextIsUnchanged() {
        #expect(truncate("hello", toWidth: 5) == "hello")
    }

    @Test func longTextEndsWithEllipsis() {
        #expect(truncate("hello world", toWidth: 8) == "hello w…")
        #expect(displayWidth(of: truncate("hello world", toWidth: 8)) == 8)
    }

    @Test func wideCharactersAreNeverSplit() {
        // 日本語 is 6 cells; in 4 cells only 日 (2) + … (1) fits: a half 本 is never drawn.
        #expect(truncate("日本語", toWidth: 4) == "日…")
        #expect(truncate("日本語", toWidth: 5) == "日本…")
    }

    @Test func combiningMarksStayWithTheirBase() {
        #expect(truncate("e\u{301}e\u{301}e\u{301}", toWidth: 2) == "e\u{301}…")
    }

    @Test func zeroWidthGivesEmpty() {
        #expect(truncate("abc", toWidth: 0) == "")
    }
}
