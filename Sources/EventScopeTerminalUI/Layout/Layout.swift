/// Splits a ``Rect`` into rows or columns according to ``Constraint``s.
///
/// Sizing, in order:
/// 1. `.fixed(n)`, `.percentage(p)` and `.min(n)` get their base size.
/// 2. If the bases (plus spacing) exceed the area, segments are shrunk from the last one
///    backwards until they fit.
/// 3. Leftover space goes to `.fill` segments by weight; without any, to `.min` segments
///    evenly; without those either, it stays unused at the end.
/// Rounding remainders go to the earliest growing segments, so the split is exact.
public struct Layout: Hashable, Sendable {
    /// The axis to split along.
    public var direction: Direction
    /// One constraint per segment.
    public var constraints: [Constraint]
    /// Empty cells between adjacent segments.
    public var spacing: Int

    /// Creates a layout.
    public init(_ direction: Direction, _ constraints: [Constraint], spacing: Int = 0) {
        self.direction = direction
        self.constraints = constraints
        self.spacing = max(0, spacing)
    }

    /// A layout of rows, top to bottom.
    public static func vertical(_ constraints: [Constraint], spacing: Int = 0) -> Layout {
        Layout(.vertical, constraints, spacing: spacing)
    }

    /// A layout of columns, left to right.
    public static func horizontal(_ constraints: [Constraint], spacing: Int = 0) -> Layout {
        Layout(.horizontal, constraints, spacing: spacing)
    }

    /// The segments of `area`, one per constraint, in order.
    public func split(_ area: Rect) -> [Rect] {
        let total = direction == .vertical ? area.height : area.width
        let sizes = Layout.sizes(for: constraints, total: total, spacing: spacing)
        var rects: [Rect] = []
        var offset = 0
        for size in sizes {
            switch direction {
            case .vertical: rects.append(Rect(x: area.x, y: area.y + offset, width: area.width, height: size))
            case .horizontal: rects.append(Rect(x: area.x + offset, y: area.y, width: size, height: area.height))
            }
            offset += size + spacing
        }
        return rects
    }

    /// The segment lengths for `constraints` along an axis of `total` cells.
    public static func sizes(for constraints: [Constraint], total: Int, spacing: Int = 0) -> [Int] {
        guard !constraints.isEmpty else { return [] }
        let available = max(0, total - spacing * (constraints.count - 1))
        var sizes = constraints.map { c -> Int in
            switch c {
            case .fixed(let n), .min(let n): return max(0, n)
            case .percentage(let p): return available * max(0, Swift.min(p, 100)) / 100
            case .fill: return 0
            }
        }
        var excess = sizes.reduce(0, +) - available
        var i = sizes.count - 1
        while excess > 0 && i >= 0 {
            let cut = Swift.min(excess, sizes[i])
            sizes[i] -= cut
            excess -= cut
            i -= 1
        }
        var leftover = available - sizes.reduce(0, +)
        guard leftover > 0 else { return sizes }

        var weights = constraints.map { c -> Int in
            if case .fill(let w) = c { return max(0, w) }
            return 0
        }
        if weights.allSatisfy({ $0 == 0 }) {
            weights = constraints.map { c -> Int in
                switch c {
                case .fill: return 1
                case .min: return 1
                default: return 0
                }
            }
        }
        let weightSum = weights.reduce(0, +)
        guard weightSum > 0 else { return sizes }
        var given = 0
        for index in sizes.indices where weights[index] > 0 {
            let share = leftover * weights[index] / weightSum
            sizes[index] += share
            given += share
        }
        leftover -= given
        for index in sizes.indices where weights[index] > 0 && leftover > 0 {
            sizes[index] += 1
            leftover -= 1
        }
        return sizes
    }
}
