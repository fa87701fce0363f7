import Testing
@testable import EventScopeTerminalUI

@Suite struct StyleTests {
    @Test func patchKeepsUnsetColoursAndUnitesModifiers() {
        let base = Style(foreground: .red, background: .blue, modifiers: .bold)
        let top = Style(foreground: .green, modifiers: .underline)
        let s = base.patched(with: top)
        #expect(s == Style(foreground: .green, background: .blue, modifiers: [.bold, .underline]))
    }

    @Test func downgradeTo16MapsPaletteAndRGB() {
        #expect(Color.indexed(196).downgraded(to: .ansi16) == .brightRed)
        #expect(Color.indexed(1).downgraded(to: .ansi16) == .red)
        #expect(Color.rgb(0, 0, 0).downgraded(to: .ansi16) == .black)
        #expect(Color.brightGreen.downgraded(to: .ansi16) == .brightGreen)
    }

    @Test func downgradeTo8DropsBrightness() {
        #expect(Color.brightGreen.downgraded(to: .ansi8) == .green)
        #expect(Color.indexed(231).downgraded(to: .ansi8) == .white)
    }

    @Test func downgradeTo256MapsRGBToTheCubeOrGreyRamp() {
        #expect(Color.rgb(255, 0, 0).downgraded(to: .ansi256) == .indexed(196))
        #expect(Color.rgb(128, 128, 128).downgraded(to: .ansi256) == .indexed(244))
        #expect(Color.indexed(42).downgraded(to: .ansi256) == .indexed(42))
    }

    @Test func monochromeDropsColoursButKeepsHighlightsVisible() {
        let highlight = Style(foreground: .black, background: .cyan)
        #expect(highlight.downgraded(to: .none) == Style(modifiers: .reverse))
        #expect(Style(foreground: .red, modifiers: .bold).downgraded(to: .none) == Style(modifiers: .bold))
    }

    @Test func colorModeForTerminal() {
        #expect(ColorMode.forTerminal(colors: 256) == .ansi256)
        #expect(ColorMode.forTerminal(colors: 16) == .ansi16)
        #expect(ColorMode.forTerminal(colors: 8) == .ansi8)
        #expect(ColorMode.forTerminal(colors: 0) == .none)
        #expect(ColorMode.forTerminal(colors: 256, noColor: true) == .none)
    }
}

@Suite struct KeyTests {
    @Test func controlCodesDecode() {
        #expect(Key.fromCodePoint(3) == .ctrl("c"))
        #expect(Key.fromCodePoint(0x17) == .ctrl("w"))
        #expect(Key.fromCodePoint(9) == .tab)
        #expect(Key.fromCodePoint(13) == .enter)
        #expect(Key.fromCodePoint(0x7F) == .backspace)
        #expect(Key.fromCodePoint(0x1B) == .escape)
        #expect(Key.fromCodePoint(0xE9) == .char("é"))
        #expect(Key.fromCodePoint(0x65E5) == .char("日"))
    }

    @Test func displayNames() {
        #expect(Key.ctrl("c").displayName == "Ctrl-C")
        #expect(Key.char("q").displayName == "q")
        #expect(Key.up.displayName == "↑")
        #expect(Key.function(5).displayName == "F5")
        #expect(Key.char("\u{1B}").displayName == "␛")
    }
}
