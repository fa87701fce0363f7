/// A rectangle of cells: an origin (top-left) and a size.
///
/// Widgets render inside a `Rect`; ``Layout`` splits one `Rect` into several.
public struct Rect: Hashable, Sendable, CustomStringConvertible {
    /// Leftmost column.
    public var x: Int
    /// Top row.
    public var y: Int
    /// Number of columns (never negative).
    public var width: Int
    /// Number of rows (never negative).
    public var height: Int

    /// Creates a rectangle; a negative width or height is clamped to zero.
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    /// Creates a rectangle at `origin` with `size`.
    public init(origin: Position = .zero, size: Size) {
        self.init(x: origin.x, y: origin.y, width: size.width, height: size.height)
    }

    /// The empty rectangle at the origin.
    public static let zero = Rect(x: 0, y: 0, width: 0, height: 0)

    /// The top-left corner.
    public var origin: Position { Position(x: x, y: y) }
    /// The width and height.
    public var size: Size { Size(width: width, height: height) }
    /// One past the rightmost column.
    public var right: Int { x + width }
    /// One past the bottom row.
    public var bottom: Int { y + height }
    /// Number of cells covered.
    public var area: Int { width * height }
    /// Whether the rectangle covers no cell.
    public var isEmpty: Bool { width == 0 || height == 0 }

    /// Whether `position` lies inside the rectangle.
    public func contains(_ position: Position) -> Bool {
        position.x >= x && position.x < right && position.y >= y && position.y < bottom
    }

    /// The overlap of two rectangles (empty, at `self`'s clamped origin, when they do not overlap).
    public func intersection(_ other: Rect) -> Rect {
        let left = max(x, other.x)
        let top = max(y, other.y)
        let r = min(right, other.right)
        let b = min(bottom, other.bottom)
        return Rect(x: left, y: top, width: r - left, height: b - top)
    }

    /// The rectangle shrunk by `horizontal` columns on each side and `vertical` rows on each side.
    public func inset(horizontal: Int = 0, vertical: Int = 0) -> Rect {
        let w = max(0, width - 2 * horizontal)
        let h = max(0, height - 2 * vertical)
        return Rect(x: x + min(horizontal, width / 2), y: y + min(vertical, height / 2), width: w, height: h)
    }

    /// The rectangle shrunk by `amount` cells on every side.
    public func inset(by amount: Int) -> Rect { inset(horizontal: amount, vertical: amount) }

    /// A rectangle of at most `size`, centred inside this one (used by popups).
    public func centered(_ size: Size) -> Rect {
        let w = min(size.width, width)
        let h = min(size.height, height)
        return Rect(x: x + (width - w) / 2, y: y + (height - h) / 2, width: w, height: h)
    }

    /// A rectangle centred inside this one covering `widthPercent`% × `heightPercent`% of it.
    public func centered(widthPercent: Int, heightPercent: Int) -> Rect {
        centered(Size(width: width * widthPercent / 100, height: height * heightPercent / 100))
    }

    /// The row `y + offset` as a one-row rectangle (empty when outside).
    public func row(_ offset: Int) -> Rect {
        guard offset >= 0, offset < height else { return Rect(x: x, y: y + offset, width: 0, height: 0) }
        return Rect(x: x, y: y + offset, width: width, height: 1)
    }

    public var description: String { "Rect(x: \(x), y: \(y), w: \(width), h: \(height))" }
}
