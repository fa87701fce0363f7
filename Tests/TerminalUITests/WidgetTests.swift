import Testing
@testable import EventScopeTerminalUI

/// Renders `widget` into a fresh buffer of `width`×`height` and returns its lines.
func render(_ widget: some Widget, width: Int, height: Int) -> [String] {
    var buffer = Buffer(size: Size(width: width, height: height))
    buffer.render(widget, in: buffer.area)
    return buffer.lines
}

@Suite struct BlockTests {
    @Test func bordersAndTitle() {
        #expect(render(Block.bordered("Title"), width: 10, height: 3) == [
            "┌Title───┐",
            "│        │",
            "└────────┘",
        ])
    }

    @Test func longTitleIsTruncated() {
        #expect(render(Block.bordered("A very long title"), width: 10, height: 2)[0] == "┌A very …┐")
    }

    @Test func focusedBlockUsesThickBordersAndBold() {
        var buffer = Buffer(size: Size(width: 4, height: 2))
        buffer.render(Block.bordered(focused: true), in: buffer.area)
        #expect(buffer.lines == ["┏━━┓", "┗━━┛"])
        #expect(buffer[0, 0].style.modifiers.contains(.bold))
    }

    @Test func innerExcludesBorders() {
        #expect(Block.bordered().inner(Rect(x: 0, y: 0, width: 10, height: 5)) == Rect(x: 1, y: 1, width: 8, height: 3))
    }
}

@Suite struct ParagraphTests {
    @Test func wrapsAtWordBoundaries() {
        let p = Paragraph("the quick brown fox jumps", wrap: true)
        #expect(render(p, width: 10, height: 4) == [
            "the quick ",
            "brown fox ",
            "jumps     ",
            "          ",
        ])
        #expect(p.rowCount(width: 10) == 3)
    }

    @Test func longWordsAreSplit() {
        #expect(render(Paragraph("abcdefghij", wrap: true), width: 4, height: 3) == ["abcd", "efgh", "ij  "])
    }

    @Test func wideCharactersWrapWhole() {
        #expect(render(Paragraph("日本語です", wrap: true), width: 5, height: 3) == ["日本 ", "語で ", "す   "])
    }

    @Test func withoutWrapLongLinesGetAnEllipsis() {
        #expect(render(Paragraph("hello world\nbye"), width: 8, height: 2) == ["hello w…", "bye     "])
    }

    @Test func scrollSkipsRows() {
        #expect(render(Paragraph("one\ntwo\nthree", scroll: 1), width: 5, height: 2) == ["two  ", "three"])
    }

    @Test func styledSpansKeepTheirStyles() {
        var buffer = Buffer(size: Size(width: 6, height: 1))
        buffer.render(Paragraph([Line([Span("ab", style: Style(foreground: .red)), Span("cd", style: Style(modifiers: .bold))])]), in: buffer.area)
        #expect(buffer.lines == ["abcd  "])
        #expect(buffer[1, 0].style.foreground == .red)
        #expect(buffer[2, 0].style.modifiers == .bold)
        #expect(buffer[2, 0].style.foreground == nil)
    }

    @Test func alignment() {
        #expect(render(Paragraph("ab", alignment: .right), width: 5, height: 1) == ["   ab"])
        #expect(render(Paragraph("ab", alignment: .center), width: 6, height: 1) == ["  ab  "])
    }
}

@Suite struct ListTests {
    let items: [ListItem] = (0..<10).map { ListItem(Line("item \($0)")) }

    @Test func selectionIsHighlightedWithASymbol() {
        var buffer = Buffer(size: Size(width: 10, height: 3))
        var state = ListState(selected: 1)
        buffer.render(List(items), in: buffer.area, state: &state)
        #expect(buffer.lines == ["  item 0  ", "▶ item 1  ", "  item 2  "])
        #expect(buffer[5, 1].style.modifiers.contains(.reverse))
        #expect(!buffer[5, 0].style.modifiers.contains(.reverse))
    }

    @Test func selectionScrollsIntoView() {
        var buffer = Buffer(size: Size(width: 10, height: 3))
        var state = ListState(selected: 0)
        for _ in 0..<5 { state.selectNext(count: items.count) }
        buffer.render(List(items), in: buffer.area, state: &state)
        #expect(state.offset == 3)
        #expect(buffer.lines == ["  item 3  ", "  item 4  ", "▶ item 5  "])
        // Moving back up inside the window does not scroll.
        state.selectPrevious(count: items.count)
        buffer.render(List(items), in: buffer.area, state: &state)
        #expect(state.offset == 3)
        // Above the window scrolls up.
        state.move(by: -3, count: items.count)
        buffer.render(List(items), in: buffer.area, state: &state)
        #expect(state.offset == 1)
        #expect(buffer.lines[0] == "▶ item 1  ")
    }

    @Test func selectionStopsAtTheEnds() {
        var state = ListState()
        state.selectPrevious(count: 3)
        #expect(state.selected == 2)
        state.selectNext(count: 3)
        #expect(state.selected == 2)
        state.selectFirst(count: 3)
        state.selectPrevious(count: 3)
        #expect(state.selected == 0)
        state.clamp(count: 0)
        #expect(state.selected == nil)
    }

    @Test func shrinkingItemsClampsSelection() {
        var buffer = Buffer(size: Size(width: 10, height: 3))
        var state = ListState(selected: 9, offset: 7)
        buffer.render(List(Array(items.prefix(2))), in: buffer.area, state: &state)
        #expect(state.selected == 1)
        #expect(state.offset == 0)
    }
}

@Suite struct TableTests {
    let rows = (0..<6).map { Row(["r\($0)", "value \($0)"]) }

    @Test func headerColumnsAndSelection() {
        var buffer = Buffer(size: Size(width: 16, height: 3))
        var state = TableState(selected: 0)
        let table = Table(rows, header: Row(["ID", "Value"]), widths: [.fixed(3), .fill(1)])
        buffer.render(table, in: buffer.area, state: &state)
        #expect(buffer.lines == [
            "  ID  Value     ",
            "▶ r0  value 0   ",
            "  r1  value 1   ",
        ])
        #expect(buffer[0, 0].style.modifiers.contains(.bold))
        #expect(buffer[10, 1].style.modifiers.contains(.reverse))
    }

    @Test func headerStaysWhileBodyScrolls() {
        var buffer = Buffer(size: Size(width: 16, height: 3))
        var state = TableState(selected: 4)
        buffer.render(Table(rows, header: Row(["ID", "Value"]), widths: [.fixed(3), .fill(1)]), in: buffer.area, state: &state)
        #expect(buffer.lines[0] == "  ID  Value     ")
        #expect(buffer.lines[2] == "▶ r4  value 4   ")
        #expect(state.offset == 3)
    }

    @Test func cellsTooWideAreTruncated() {
        let lines = render(Table([Row(["abcdefgh", "日本語テキスト"])], widths: [.fixed(5), .fixed(6)]), width: 12, height: 1)
        #expect(lines == ["abcd… 日本… "])
    }
}

@Suite struct SmallWidgetTests {
    @Test func tabs() {
        var buffer = Buffer(size: Size(width: 20, height: 1))
        buffer.render(Tabs(["One", "Two"], selected: 1), in: buffer.area)
        #expect(buffer.lines == [" One  │  Two        "])
        #expect(buffer[8, 0].style.modifiers.contains(.reverse))
        #expect(!buffer[1, 0].style.modifiers.contains(.reverse))
    }

    @Test func sparkline() {
        #expect(render(Sparkline([0, 1, 2, 4, 8]), width: 6, height: 1) == [" \u{20}▁▂▄█"])
        #expect(render(Sparkline([1, 2], max: 2), width: 2, height: 2) == [" █", "██"])
    }

    @Test func statusBarShowsHintsAndMessage() {
        let bar = StatusBar(hints: [KeyHint("q", "quit"), KeyHint("?", "help")], message: "ok")
        #expect(render(bar, width: 24, height: 1) == ["[q] quit  [?] help    ok"])
    }

    @Test func statusBarDropsHintsThatDoNotFit() {
        let bar = StatusBar(hints: [KeyHint("q", "quit"), KeyHint("?", "help")])
        #expect(render(bar, width: 12, height: 1) == ["[q] quit    "])
    }

    @Test func popupIsCentredAndClearsBelow() {
        var buffer = Buffer(lines: Array(repeating: "xxxxxxxxxx", count: 5))
        buffer.render(Popup(title: "Hi", size: Size(width: 6, height: 3), content: Paragraph("ok")), in: buffer.area)
        #expect(buffer.lines == [
            "xxxxxxxxxx",
            "xx╭ Hi ╮xx",
            "xx│ok  │xx",
            "xx╰────╯xx",
            "xxxxxxxxxx",
        ])
    }
}
