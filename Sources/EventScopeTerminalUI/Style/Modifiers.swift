/// Text attributes drawn on top of colours.
public struct Modifiers: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let bold = Modifiers(rawValue: 1 << 0)
    public static let dim = Modifiers(rawValue: 1 << 1)
    public static let italic = Modifiers(rawValue: 1 << 2)
    public static let underline = Modifiers(rawValue: 1 << 3)
    public static let reverse = Modifiers(rawValue: 1 << 4)
    /// Blinking text (rarely wanted; supported because curses has it).
    public static let blink = Modifiers(rawValue: 1 << 5)
}
