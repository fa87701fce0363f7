extension Buffer {
    /// Draws `line` on the first row of `rect`, aligned, truncated with `…` when too wide.
    ///
    /// - Parameters:
    ///   - alignment: Overrides `line.alignment` when given.
    ///   - base: The style under the line's own styles.
    public mutating func set(line: Line, in rect: Rect, alignment: Alignment? = nil, base: Style = .plain) {
        guard rect.width > 0, rect.height > 0 else { return }
        var line = line
        if line.width > rect.width { line = line.truncated(toWidth: rect.width) }
        let slack = rect.width - line.width
        let offset: Int
        switch alignment ?? line.alignment {
        case .left: offset = 0
        case .center: offset = slack / 2
        case .right: offset = slack
        }
        set(line: line, at: Position(x: rect.x + offset, y: rect.y), base: base, maxWidth: rect.width - offset)
    }
}

extension Line {
    /// This line cut to `width` cells, ending in `…` when something was cut.
    public func truncated(toWidth width: Int, ellipsis: String = "…") -> Line {
        guard self.width > width else { return self }
        guard width > 0 else { return Line([], alignment: alignment, style: style) }
        let budget = width - displayWidth(of: ellipsis)
        var out: [Span] = []
        var used = 0
        var lastStyle = Style.plain
        for span in spans {
            lastStyle = span.style
            let w = span.width
            if used + w <= budget {
                out.append(span)
                used += w
                continue
            }
            // Cut this span at a cell boundary.
            var text = ""
            VisibleText.forEachCell(of: span.content) { symbol, cw in
                if used + cw <= budget { text += symbol.string; used += cw } else { used = budget + 1 }
            }
            if !text.isEmpty { out.append(Span(text, style: span.style)) }
            break
        }
        out.append(Span(ellipsis, style: lastStyle))
        return Line(out, alignment: alignment, style: style)
    }
}
