/// Which sides of a ``Block`` have a border.
public struct Borders: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let top = Borders(rawValue: 1)
    public static let bottom = Borders(rawValue: 2)
    public static let left = Borders(rawValue: 4)
    public static let right = Borders(rawValue: 8)
    public static let all: Borders = [.top, .bottom, .left, .right]
    public static let none: Borders = []
}

/// The line-drawing characters of a border.
public struct BorderSet: Hashable, Sendable {
    public var horizontal, vertical, topLeft, topRight, bottomLeft, bottomRight: Character

    /// `┌─┐`
    public static let plain = BorderSet(horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘")
    /// `╭─╮`
    public static let rounded = BorderSet(horizontal: "─", vertical: "│", topLeft: "╭", topRight: "╮", bottomLeft: "╰", bottomRight: "╯")
    /// `╔═╗`
    public static let double = BorderSet(horizontal: "═", vertical: "║", topLeft: "╔", topRight: "╗", bottomLeft: "╚", bottomRight: "╝")
    /// `┏━┓`
    public static let thick = BorderSet(horizontal: "━", vertical: "┃", topLeft: "┏", topRight: "┓", bottomLeft: "┗", bottomRight: "┛")
    /// `+-+`, for terminals without line drawing.
    public static let ascii = BorderSet(horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+")
}

/// A frame around other widgets: borders, a title on the top border, a background style.
///
/// Draw the block, then draw the content into ``inner(_:)``. A focused block draws its
/// border with ``focusedBorderStyle`` (bold by default) and the thick border set, so the
/// focused pane is visible even without colours.
public struct Block: Widget, Hashable, Sendable {
    /// The title, drawn on the top border.
    public var title: Line?
    /// Where the title sits on the top border.
    public var titleAlignment: Alignment
    /// Which sides have a border.
    public var borders: Borders
    /// The border characters.
    public var borderSet: BorderSet
    /// The style of the whole area (background and default text style).
    public var style: Style
    /// The style of the border lines when not focused.
    public var borderStyle: Style
    /// Whether this block is the focused pane.
    public var isFocused: Bool
    /// The border style when focused.
    public var focusedBorderStyle: Style

    /// Creates a block, bordered on all sides by default.
    public init(
        title: Line? = nil,
        titleAlignment: Alignment = .left,
        borders: Borders = .all,
        borderSet: BorderSet = .plain,
        style: Style = .plain,
        borderStyle: Style = .plain,
        isFocused: Bool = false,
        focusedBorderStyle: Style = Style(foreground: .cyan, modifiers: .bold)
    ) {
        self.title = title
        self.titleAlignment = titleAlignment
        self.borders = borders
        self.borderSet = borderSet
        self.style = style
        self.borderStyle = borderStyle
        self.isFocused = isFocused
        self.focusedBorderStyle = focusedBorderStyle
    }

    /// A bordered block titled `title`.
    public static func bordered(_ title: String? = nil, focused: Bool = false) -> Block {
        Block(title: title.map { Line($0) }, isFocused: focused)
    }

    /// This block, focused or not.
    public func focused(_ focused: Bool = true) -> Block { var b = self; b.isFocused = focused; return b }

    /// The area left for content inside the borders.
    public func inner(_ area: Rect) -> Rect {
        var r = area
        if borders.contains(.left) { r.x += 1; r.width = max(0, r.width - 1) }
        if borders.contains(.right) { r.width = max(0, r.width - 1) }
        if borders.contains(.top) || (title != nil && !borders.contains(.top)) { r.y += 1; r.height = max(0, r.height - 1) }
        if borders.contains(.bottom) { r.height = max(0, r.height - 1) }
        return r
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        buffer.fill(area, with: .blank(style))
        let set = isFocused && borderSet == .plain ? BorderSet.thick : borderSet
        let lineStyle = style.patched(with: isFocused ? focusedBorderStyle : borderStyle)
        let right = area.right - 1
        let bottom = area.bottom - 1
        if borders.contains(.top) {
            for x in area.x...right { buffer[x, area.y] = Cell(set.horizontal, style: lineStyle) }
        }
        if borders.contains(.bottom) {
            for x in area.x...right { buffer[x, bottom] = Cell(set.horizontal, style: lineStyle) }
        }
        if borders.contains(.left) {
            for y in area.y...bottom { buffer[area.x, y] = Cell(set.vertical, style: lineStyle) }
        }
        if borders.contains(.right) {
            for y in area.y...bottom { buffer[right, y] = Cell(set.vertical, style: lineStyle) }
        }
        if borders.isSuperset(of: [.top, .left]) { buffer[area.x, area.y] = Cell(set.topLeft, style: lineStyle) }
        if borders.isSuperset(of: [.top, .right]) { buffer[right, area.y] = Cell(set.topRight, style: lineStyle) }
        if borders.isSuperset(of: [.bottom, .left]) { buffer[area.x, bottom] = Cell(set.bottomLeft, style: lineStyle) }
        if borders.isSuperset(of: [.bottom, .right]) { buffer[right, bottom] = Cell(set.bottomRight, style: lineStyle) }

        if let title {
            let left = area.x + (borders.contains(.left) ? 1 : 0)
            let width = area.right - (borders.contains(.right) ? 1 : 0) - left
            var titleStyle = style
            if isFocused { titleStyle = titleStyle.patched(with: focusedBorderStyle) }
            buffer.set(line: title, in: Rect(x: left, y: area.y, width: width, height: 1), alignment: titleAlignment, base: titleStyle)
        }
    }
}
