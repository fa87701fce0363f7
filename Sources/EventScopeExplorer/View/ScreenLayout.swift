import EventScopeTerminalUI

/// Where each part of the screen goes for a size: computed by `view` to draw and by
/// `update` to page and to hit-test mouse clicks.
struct ScreenLayout: Sendable {
    var header: Rect
    /// A line under the header for what must not be missed (the store was reset), or empty.
    var banner: Rect = .zero
    var aggregates: Rect
    var events: Rect
    var inspector: Rect
    var commandLog: Rect
    var traffic: Rect
    var status: Rect

    /// The smallest screen the explorer draws its panes on.
    static let minimum = Size(width: 60, height: 16)

    static func isTooSmall(_ size: Size) -> Bool {
        size.width < minimum.width || size.height < minimum.height
    }

    static func compute(_ state: ExplorerState) -> ScreenLayout {
        let area = Rect(size: state.size)
        let rows = Layout.vertical([.fixed(1), .fill(1), .fixed(1)]).split(area)
        var body = rows[1]
        var layout = ScreenLayout(header: rows[0], aggregates: .zero, events: .zero, inspector: .zero, commandLog: .zero, traffic: .zero, status: rows[2])
        if state.banner != nil {
            layout.banner = Rect(x: body.x, y: body.y, width: body.width, height: 1)
            body = Rect(x: body.x, y: body.y + 1, width: body.width, height: max(0, body.height - 1))
        }
        if state.traffic.box == .zoomed && state.traffic.isVisible {
            layout.traffic = body
            return layout
        }
        if state.zoomed {
            switch state.focus {
            case .aggregates: layout.aggregates = body
            case .events: layout.events = body
            case .inspector: layout.inspector = body
            case .commandLog: layout.splitLog(body, traffic: state.traffic.isVisible)
            }
            return layout
        }
        let halves = Layout.vertical([.percentage(45), .fill(1)]).split(body)
        // Below 120 columns the aggregates list keeps to 30, leaving the events their time and data.
        // Below 80 the list narrows further so that an event row still reads.
        let listWidth = body.width < 80 ? 24 : body.width < 120 ? 30 : min(56, max(30, body.width * 35 / 100))
        let top = Layout.horizontal([.fixed(listWidth), .fill(1)]).split(halves[0])
        let logWidth = min(64, max(30, body.width * 36 / 100))
        let bottom = Layout.horizontal([.fill(1), .fixed(logWidth)]).split(halves[1])
        layout.aggregates = top[0]
        layout.events = top[1]
        layout.inspector = bottom[0]
        layout.splitLog(bottom[1], traffic: state.traffic.isVisible)
        return layout
    }

    private mutating func splitLog(_ area: Rect, traffic: Bool) {
        guard traffic else { commandLog = area; return }
        let parts = Layout.vertical([.fixed(min(10, area.height / 2 + 2)), .fill(1)]).split(area)
        self.traffic = parts[0]
        commandLog = parts[1]
    }

    /// The rect of `pane`.
    func rect(of pane: Pane) -> Rect {
        switch pane {
        case .aggregates: return aggregates
        case .events: return events
        case .inspector: return inspector
        case .commandLog: return commandLog
        }
    }

    /// Rows of list content inside a bordered pane (table header excluded where there is one).
    func listHeight(of pane: Pane) -> Int {
        max(1, Self.listArea(of: pane, in: rect(of: pane)).height)
    }

    // MARK: - Inside a pane (shared by the drawing and by mouse hit-testing)

    /// Inside a pane's border.
    static func inner(_ pane: Rect) -> Rect { Block.bordered().inner(pane) }

    /// Where a pane's list rows are: inside its border, below its table header where it has
    /// one (the inspector: the aggregate view's version list).
    static func listArea(of pane: Pane, in rect: Rect) -> Rect {
        let inside = inner(rect)
        switch pane {
        case .aggregates, .events: return belowFirstRow(inside)
        case .commandLog: return inside
        case .inspector: return versionListArea(inInner: inside)
        }
    }

    /// The aggregate view's columns inside the inspector's border: versions, a rule, the state.
    static func aggregateColumns(inInner inner: Rect) -> [Rect] {
        let listWidth = min(44, max(18, inner.width * 32 / 100))
        return Layout.horizontal([.fixed(listWidth), .fixed(1), .fill(1)]).split(inner)
    }

    /// The aggregate view's version list: its left column, below the "Versions" header.
    static func versionListArea(inInner inner: Rect) -> Rect {
        belowFirstRow(aggregateColumns(inInner: inner)[0])
    }

    private static func belowFirstRow(_ r: Rect) -> Rect {
        Rect(x: r.x, y: r.y + 1, width: r.width, height: max(0, r.height - 1))
    }

    /// How far the event detail can scroll: its wrapped rows beyond the inspector's height.
    /// The wrapped height needs the detail's text, so this is the one place that measures it;
    /// `update` clamps the scroll with it instead of drawing anything itself.
    static func eventDetailScrollLimit(_ state: ExplorerState) -> Int {
        guard let event = state.tail.selected else { return 0 }
        let inside = inner(compute(state).inspector)
        let rows = Paragraph(Explorer.eventLines(event, codec: state.config.catalog.codec), wrap: true).rowCount(width: inside.width)
        return max(0, rows - inside.height)
    }
}
