/// How much of a ``Layout``'s main axis one segment takes.
public enum Constraint: Hashable, Sendable {
    /// Exactly `n` cells (less only when the area is too small).
    case fixed(Int)
    /// `p` percent of the whole area (rounded down).
    case percentage(Int)
    /// At least `n` cells; grows like `.fill(1)` when there is no `.fill` segment.
    case min(Int)
    /// A share of the space left over after the others, proportional to `weight`.
    case fill(Int)
}

/// The axis a ``Layout`` splits along.
public enum Direction: Hashable, Sendable {
    /// Segments stacked top to bottom (rows).
    case vertical
    /// Segments side by side, left to right (columns).
    case horizontal
}
