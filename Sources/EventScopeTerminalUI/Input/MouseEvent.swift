/// A mouse click, release, drag or wheel step at a cell position.
public struct MouseEvent: Hashable, Sendable, CustomStringConvertible {
    /// What happened.
    public enum Kind: Hashable, Sendable {
        case press(MouseButton)
        case release(MouseButton)
        case click(MouseButton)
        case doubleClick(MouseButton)
        case wheelUp
        case wheelDown
        case moved
    }

    /// A mouse button.
    public enum MouseButton: Int, Hashable, Sendable {
        case left = 1, middle = 2, right = 3
    }

    /// What happened.
    public var kind: Kind
    /// The cell under the pointer.
    public var position: Position
    /// Modifier keys held.
    public var shift: Bool
    public var ctrl: Bool
    public var alt: Bool

    /// Creates a mouse event.
    public init(kind: Kind, position: Position, shift: Bool = false, ctrl: Bool = false, alt: Bool = false) {
        self.kind = kind
        self.position = position
        self.shift = shift
        self.ctrl = ctrl
        self.alt = alt
    }

    public var description: String { "\(kind) at \(position)" }
}
