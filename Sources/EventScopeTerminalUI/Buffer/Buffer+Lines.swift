extension Buffer {
    /// The buffer's text, one string per row (continuation cells omitted), for tests and logs.
    public var lines: [String] {
        (0..<height).map { row in line(at: area.y + row) }
    }

    /// The text of row `y`.
    public func line(at y: Int) -> String {
        var s = ""
        for x in area.x..<area.right {
            s += self[x, y].symbol
        }
        return s
    }

    /// The buffer's text, rows joined by newlines.
    public var text: String { lines.joined(separator: "\n") }

    /// Creates a buffer from lines of plain text (each padded or cut to the widest line), for tests.
    public init(lines: [String]) {
        let width = lines.map { displayWidth(of: $0) }.max() ?? 0
        self.init(size: Size(width: width, height: lines.count))
        for (y, line) in lines.enumerated() {
            set(string: line, at: Position(x: 0, y: y))
        }
    }
}
