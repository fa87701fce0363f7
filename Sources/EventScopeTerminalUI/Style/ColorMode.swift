/// How many colours the terminal can draw, and how styles are downgraded to fit.
public enum ColorMode: Int, Hashable, Sendable, Comparable, CaseIterable {
    /// Monochrome (`NO_COLOR`, or a terminal without colours): colours are dropped; a style
    /// with a background colour is drawn reversed so that highlights stay visible.
    case none
    /// The 8 basic ANSI colours (bright colours map to their basic ones).
    case ansi8
    /// The 16 ANSI colours.
    case ansi16
    /// The xterm 256-colour palette (24-bit colours map to the nearest entry).
    case ansi256

    public static func < (lhs: ColorMode, rhs: ColorMode) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The mode for a terminal reporting `colors` colours, honouring `NO_COLOR` when `noColor`.
    public static func forTerminal(colors: Int, noColor: Bool = false) -> ColorMode {
        if noColor || colors < 8 { return .none }
        if colors < 16 { return .ansi8 }
        if colors < 256 { return .ansi16 }
        return .ansi256
    }
}

extension Color {
    /// This colour as drawable in `mode`; `nil` when the mode has no colours.
    public func downgraded(to mode: ColorMode) -> Color? {
        switch mode {
        case .none:
            return self == .default ? .default : nil
        case .ansi256:
            if case .rgb(let r, let g, let b) = self { return .indexed(Color.xterm256Index(r, g, b)) }
            return self
        case .ansi16, .ansi8:
            let limit = mode == .ansi8 ? 8 : 16
            switch self {
            case .default: return .default
            case .indexed(let i):
                return Color.named[Color.nearestANSI(Color.xterm256RGB(Int(i)), limit: limit)]
            case .rgb(let r, let g, let b):
                return Color.named[Color.nearestANSI((Int(r), Int(g), Int(b)), limit: limit)]
            default:
                let i = paletteIndex ?? 0
                return Color.named[i % limit]
            }
        }
    }

    // MARK: - Palette arithmetic

    /// The xterm cube levels for the 6×6×6 part of the 256-colour palette.
    private static let cubeLevels = [0, 95, 135, 175, 215, 255]

    /// Conventional RGB for the 16 ANSI colours (xterm defaults).
    private static let ansiRGB: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    static func xterm256RGB(_ index: Int) -> (Int, Int, Int) {
        switch index {
        case 0..<16: return ansiRGB[index]
        case 16..<232:
            let i = index - 16
            return (cubeLevels[i / 36], cubeLevels[(i / 6) % 6], cubeLevels[i % 6])
        default:
            let v = 8 + (index - 232) * 10
            return (v, v, v)
        }
    }

    static func xterm256Index(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        func level(_ v: UInt8) -> Int {
            let v = Int(v)
            return v < 48 ? 0 : v < 115 ? 1 : (v - 35) / 40
        }
        let (lr, lg, lb) = (level(r), level(g), level(b))
        let cube = 16 + 36 * lr + 6 * lg + lb
        let cubeRGB = (cubeLevels[lr], cubeLevels[lg], cubeLevels[lb])
        let avg = (Int(r) + Int(g) + Int(b)) / 3
        let grayIndex = avg > 238 ? 23 : max(0, (avg - 3) / 10)
        let grayValue = 8 + grayIndex * 10
        let rgb = (Int(r), Int(g), Int(b))
        let cubeDistance = distance(rgb, cubeRGB)
        let grayDistance = distance(rgb, (grayValue, grayValue, grayValue))
        return UInt8(grayDistance < cubeDistance ? 232 + grayIndex : cube)
    }

    static func nearestANSI(_ rgb: (Int, Int, Int), limit: Int) -> Int {
        var best = 0
        var bestDistance = Int.max
        for i in 0..<limit {
            let d = distance(rgb, ansiRGB[i])
            if d < bestDistance { best = i; bestDistance = d }
        }
        return best
    }

    private static func distance(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Int {
        let dr = a.0 - b.0, dg = a.1 - b.1, db = a.2 - b.2
        return dr * dr + dg * dg + db * db
    }
}

extension Style {
    /// This style as drawable in `mode`.
    ///
    /// In `.none` colours are dropped and a style that relied on a background colour (a
    /// selection highlight, a status bar) gains `.reverse`, so it remains distinguishable.
    public func downgraded(to mode: ColorMode) -> Style {
        var s = self
        s.foreground = foreground.flatMap { $0.downgraded(to: mode) }
        s.background = background.flatMap { $0.downgraded(to: mode) }
        if mode == .none, let bg = background, bg != .default, !modifiers.contains(.reverse) {
            s.modifiers.insert(.reverse)
        }
        return s
    }
}
