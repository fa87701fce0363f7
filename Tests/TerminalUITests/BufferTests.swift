import Testing
@testable import EventScopeTerminalUI

@Suite struct BufferTests {
    @Test func setWritesAndClips() {
        var buffer = Buffer(size: Size(width: 5, height: 2))
        let end = buffer.set(string: "abcdefg", at: Position(x: 1, y: 0))
        #expect(buffer.lines == [" abcd", "     "])
        #expect(end.x == 5)
    }

    @Test func wideCharactersTakeTwoCellsWithAContinuation() {
        var buffer = Buffer(size: Size(width: 6, height: 1))
        buffer.set(string: "日本x", at: .zero)
        #expect(buffer.lines == ["日本x "])
        #expect(buffer[0, 0].width == 2)
        #expect(buffer[1, 0].isContinuation)
        #expect(buffer[4, 0].symbol == "x")
    }

    @Test func wideCharacterThatDoesNotFitIsNotDrawn() {
        var buffer = Buffer(size: Size(width: 3, height: 1))
        buffer.set(string: "a日本", at: .zero)
        #expect(buffer.lines == ["a日"])
        var narrow = Buffer(size: Size(width: 3, height: 1))
        narrow.set(string: "ab日", at: .zero)
        #expect(narrow.lines == ["ab "])
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var buffer = Buffer(size: Size(width: 4, height: 1))
        buffer.set(string: "日本", at: .zero)
        buffer.set(string: "x", at: Position(x: 1, y: 0))  // right half of 日
        #expect(buffer.lines == [" x本"])
        buffer.set(string: "y", at: Position(x: 2, y: 0))  // left half of 本
        #expect(buffer.lines == [" xy "])
        #expect(!buffer.cells.contains { $0.isContinuation })
    }

    @Test func combiningCharactersShareTheCellOfTheirBase() {
        var buffer = Buffer(size: Size(width: 3, height: 1))
        buffer.set(string: "e\u{301}x", at: .zero)
        #expect(buffer[0, 0].symbol == "e\u{301}")
        #expect(buffer[1, 0].symbol == "x")
    }

    @Test func diffListsOnlyChangedCells() {
        var a = Buffer(size: Size(width: 10, height: 3))
        a.set(string: "hello", at: .zero)
        var b = a
        b.set(string: "J", at: .zero)
        b.set(string: "!", at: Position(x: 9, y: 2))
        let changes = b.diff(from: a)
        #expect(changes.map(\.position) == [Position(x: 0, y: 0), Position(x: 9, y: 2)])
        #expect(changes.map(\.cell.symbol) == ["J", "!"])
        #expect(a.diff(from: a).isEmpty)
    }

    @Test func diffOfStyleOnlyChangeIsListed() {
        var a = Buffer(size: Size(width: 3, height: 1))
        a.set(string: "abc", at: .zero)
        var b = a
        b.setStyle(Style(modifiers: .bold), in: Rect(x: 1, y: 0, width: 1, height: 1))
        #expect(b.diff(from: a).map(\.position) == [Position(x: 1, y: 0)])
    }

    @Test func diffSkipsContinuationsAndRedrawsTheCellAfterAWideCharacterTurnedNarrow() {
        var a = Buffer(size: Size(width: 4, height: 1))
        a.set(string: "ab", at: .zero)
        var b = Buffer(size: Size(width: 4, height: 1))
        b.set(string: "日", at: .zero)
        #expect(b.diff(from: a).map(\.position.x) == [0])
        #expect(a.diff(from: b).map(\.position.x) == [0, 1])
    }

    @Test func diffAgainstADifferentSizeIsAFullRedraw() {
        let a = Buffer(size: Size(width: 2, height: 2))
        let b = Buffer(size: Size(width: 3, height: 2))
        #expect(b.diff(from: a).count == 6)
    }

    @Test func mergeCopiesAnotherBuffer() {
        var screen = Buffer(size: Size(width: 5, height: 2))
        var part = Buffer(area: Rect(x: 1, y: 1, width: 3, height: 1))
        part.set(string: "xyz", at: Position(x: 1, y: 1))
        screen.merge(part)
        #expect(screen.lines == ["     ", " xyz "])
    }
}
