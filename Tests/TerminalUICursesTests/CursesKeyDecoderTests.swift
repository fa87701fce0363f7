import Testing
import EventScopeTerminalUI
@testable import EventScopeCurses

// ncurses key codes (curses.h): KEY_DOWN 0402, KEY_UP 0403, KEY_LEFT 0404, KEY_RIGHT 0405,
// KEY_HOME 0406, KEY_BACKSPACE 0407, KEY_F0 0410, KEY_DC 0512, KEY_IC 0513, KEY_NPAGE 0522,
// KEY_PPAGE 0523, KEY_ENTER 0527, KEY_BTAB 0541, KEY_END 0550, KEY_RESIZE 0632.
@Suite struct CursesKeyDecoderTests {
    @Test func functionKeys() {
        #expect(CursesKeyDecoder.decode(functionKey: 0o403) == .up)
        #expect(CursesKeyDecoder.decode(functionKey: 0o402) == .down)
        #expect(CursesKeyDecoder.decode(functionKey: 0o404) == .left)
        #expect(CursesKeyDecoder.decode(functionKey: 0o405) == .right)
        #expect(CursesKeyDecoder.decode(functionKey: 0o406) == .home)
        #expect(CursesKeyDecoder.decode(functionKey: 0o550) == .end)
        #expect(CursesKeyDecoder.decode(functionKey: 0o523) == .pageUp)
        #expect(CursesKeyDecoder.decode(functionKey: 0o522) == .pageDown)
        #expect(CursesKeyDecoder.decode(functionKey: 0o512) == .delete)
        #expect(CursesKeyDecoder.decode(functionKey: 0o513) == .insert)
        #expect(CursesKeyDecoder.decode(functionKey: 0o407) == .backspace)
        #expect(CursesKeyDecoder.decode(functionKey: 0o527) == .enter)
        #expect(CursesKeyDecoder.decode(functionKey: 0o541) == .backTab)
        #expect(CursesKeyDecoder.decode(functionKey: 0o410 + 5) == .function(5))
        #expect(CursesKeyDecoder.decode(functionKey: 0o410 + 12) == .function(12))
    }

    @Test func resizeAndMouseNeedTheTerminal() {
        #expect(CursesKeyDecoder.decode(functionKey: 0o632) == nil)
    }

    @Test func characters() {
        #expect(CursesKeyDecoder.decode(character: 0x71) == .char("q"))
        #expect(CursesKeyDecoder.decode(character: 0xE9) == .char("é"))
        #expect(CursesKeyDecoder.decode(character: 0x3) == .ctrl("c"))
        #expect(CursesKeyDecoder.decode(character: 0x1B) == .escape)
    }

    @Test func escapeThenKeyIsAlt() {
        #expect(CursesKeyDecoder.alt(following: .char("x")) == .alt("x"))
        #expect(CursesKeyDecoder.alt(following: .escape) == nil)
        #expect(CursesKeyDecoder.alt(following: .up) == nil)
    }
}
