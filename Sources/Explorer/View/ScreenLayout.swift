import TerminalUI

/// Where each part of the screen goes for a size: computed by `view` to draw and by
/// `update` to page and to hit-test mouse clicks.
struct ScreenLayout: Sendable {
    var header: Rect
    var aggregates: Rect
    var events: Rect
    var inspector: Rect
    var commandLog: Rect
    var demo: Rect
    var status: Rect

    /// The smallest screen the explorer draws its panes on.
    static let minimum = Size(width: 60, height: 16)

    static func isTooSmall(_ size: Size) -> Bool {
        size.width < minimum.width || size.height < minimum.height
    }

    static func compute(_ state: ExplorerState) -> ScreenLayout {
        let area = Rect(size: state.size)
        let rows = Layout.vertical([.fixed(1), .fill(1), .fixed(1)]).split(area)
        let body = rows[1]
        var layout = ScreenLayout(header: rows[0], aggregates: .zero, events: .zero, inspector: .zero, commandLog: .zero, demo: .zero, status: rows[2])
        if state.zoomed {
            switch state.focus {
            case .aggregates: layout.aggregates = body
            case .events: layout.events = body
            case .inspector: layout.inspector = body
            case .commandLog: layout.splitLog(body, demo: state.demo.isVisible)
            }
            return layout
        }
        let halves = Layout.vertical([.percentage(45), .fill(1)]).split(body)
        let listWidth = min(56, max(30, body.width * 35 / 100))
        let top = Layout.horizontal([.fixed(listWidth), .fill(1)]).split(halves[0])
        let logWidth = min(64, max(30, body.width * 36 / 100))
        let bottom = Layout.horizontal([.fill(1), .fixed(logWidth)]).split(halves[1])
        layout.aggregates = top[0]
        layout.events = top[1]
        layout.inspector = bottom[0]
        layout.splitLog(bottom[1], demo: state.demo.isVisible)
        return layout
    }

    private mutating func splitLog(_ area: Rect, demo: Bool) {
        guard demo else { commandLog = area; return }
        let parts = Layout.vertical([.fixed(min(10, area.height / 2 + 2)), .fill(1)]).split(area)
        self.demo = parts[0]
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
        let r = rect(of: pane)
        let chrome = pane == .aggregates || pane == .events ? 3 : 2
        return max(1, r.height - chrome)
    }
}
