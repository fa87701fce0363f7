/// A bar chart of recent values, one column per value, newest on the right.
///
/// Bars use eighth blocks (`▁▂▃▄▅▆▇█`) and span the whole height of the area. With more
/// values than columns, the oldest are not drawn.
public struct Sparkline: Widget, Sendable {
    /// The values, oldest first.
    public var data: [Double]
    /// The value drawn as a full-height bar; the data's maximum when `nil`.
    public var max: Double?
    /// The bars' style.
    public var style: Style
    /// An optional surrounding block.
    public var block: Block?

    static let bars: [Character] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// Creates a sparkline.
    public init(_ data: [Double], max: Double? = nil, style: Style = .plain, block: Block? = nil) {
        self.data = data
        self.max = max
        self.style = style
        self.block = block
    }

    /// Creates a sparkline from integer values.
    public init(_ data: [Int], max: Int? = nil, style: Style = .plain, block: Block? = nil) {
        self.init(data.map(Double.init), max: max.map(Double.init), style: style, block: block)
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        var inner = area
        if let block {
            block.render(in: area, buffer: &buffer)
            inner = block.inner(area)
        }
        guard !inner.isEmpty, !data.isEmpty else { return }
        let shown = data.suffix(inner.width)
        let top = self.max ?? shown.max() ?? 0
        let startX = inner.right - shown.count
        for (column, value) in shown.enumerated() {
            // Height in eighths of a cell, rounded to nearest; a positive value shows at least ▁.
            var eighths = top > 0 ? Int((Swift.max(0, Swift.min(value, top)) / top * Double(inner.height * 8)).rounded()) : 0
            if value > 0 && eighths == 0 { eighths = 1 }
            for row in 0..<inner.height {
                let y = inner.bottom - 1 - row
                let level = Swift.max(0, Swift.min(8, eighths - row * 8))
                buffer[startX + column, y] = Cell(Sparkline.bars[level], style: style)
            }
        }
    }
}
