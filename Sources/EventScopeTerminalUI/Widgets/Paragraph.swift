/// Styled text, optionally wrapped and scrolled, optionally inside a ``Block``.
///
/// Without wrapping, a line wider than the area is cut with `…`. Scrolling skips whole
/// (wrapped) rows from the top; use ``rowCount(width:)`` to bound the scroll offset.
public struct Paragraph: Widget, Sendable {
    /// The text, one ``Line`` per source line.
    public var lines: [Line]
    /// Whether long lines wrap at word boundaries.
    public var wrap: Bool
    /// Rows skipped from the top.
    public var scroll: Int
    /// An optional surrounding block.
    public var block: Block?
    /// The base style of the text and the area.
    public var style: Style
    /// Alignment for lines that do not set their own (`.left` lines follow this).
    public var alignment: Alignment

    /// Creates a paragraph from lines.
    public init(_ lines: [Line], wrap: Bool = false, scroll: Int = 0, block: Block? = nil, style: Style = .plain, alignment: Alignment = .left) {
        self.lines = lines
        self.wrap = wrap
        self.scroll = max(0, scroll)
        self.block = block
        self.style = style
        self.alignment = alignment
    }

    /// Creates a paragraph from plain text (split at newlines).
    public init(_ text: String, wrap: Bool = false, scroll: Int = 0, block: Block? = nil, style: Style = .plain, alignment: Alignment = .left) {
        self.init(Line.lines(text), wrap: wrap, scroll: scroll, block: block, style: style, alignment: alignment)
    }

    /// How many rows the text takes at `width` columns (the content width, inside any block).
    public func rowCount(width: Int) -> Int {
        wrap ? lines.reduce(0) { $0 + $1.wrapped(width: width, base: style).count } : lines.count
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        var inner = area
        if let block {
            block.render(in: area, buffer: &buffer)
            inner = block.inner(area)
        } else if style != .plain {
            buffer.fill(area, with: .blank(style))
        }
        guard !inner.isEmpty else { return }
        var y = inner.y
        var skip = scroll
        for line in lines {
            guard y < inner.bottom else { return }
            let align = line.alignment == .left ? alignment : line.alignment
            if wrap {
                for row in line.wrapped(width: inner.width, base: style) {
                    if skip > 0 { skip -= 1; continue }
                    guard y < inner.bottom else { return }
                    Paragraph.draw(row, in: inner.row(y - inner.y), alignment: align, buffer: &buffer)
                    y += 1
                }
            } else {
                if skip > 0 { skip -= 1; continue }
                buffer.set(line: line, in: inner.row(y - inner.y), alignment: align, base: style)
                y += 1
            }
        }
    }

    static func draw(_ row: [StyledCell], in rect: Rect, alignment: Alignment, buffer: inout Buffer) {
        let width = row.reduce(0) { $0 + $1.width }
        let slack = max(0, rect.width - width)
        var x = rect.x + (alignment == .left ? 0 : alignment == .center ? slack / 2 : slack)
        for cell in row {
            buffer.put(Cell(trusted: cell.symbol, width: cell.width, style: cell.style), x: x, y: rect.y)
            x += cell.width
        }
    }
}
