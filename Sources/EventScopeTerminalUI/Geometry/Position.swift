/// A cell position on the screen or in a ``Buffer``: column `x`, row `y`, both 0-based.
public struct Position: Hashable, Sendable, CustomStringConvertible {
    /// The column, 0 at the left edge.
    public var x: Int
    /// The row, 0 at the top edge.
    public var y: Int

    /// Creates a position from a column and a row.
    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }

    /// The top-left corner.
    public static let zero = Position(x: 0, y: 0)

    public var description: String { "(\(x), \(y))" }
}
