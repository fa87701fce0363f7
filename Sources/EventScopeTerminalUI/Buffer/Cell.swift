/// One terminal cell: a grapheme, its display width, and its style.
///
/// A wide grapheme (width 2) occupies its cell and the one to its right; that right-hand cell
/// is a *continuation* (empty symbol, width 0) which backends skip.
/// A cell's symbol is always printable: initialisers sanitise (see ``sanitized(_:)``).
public struct Cell: Hashable, Sendable {
    /// The grapheme drawn in this cell; `""` for a continuation cell.
    public var symbol: String { storage.string }
    /// The grapheme, stored inline (see `CellSymbol`).
    private(set) var storage: CellSymbol
    /// Columns the symbol covers: 1, 2, or 0 for a continuation cell.
    public private(set) var width: Int
    /// How the cell is drawn.
    public var style: Style

    /// Creates a cell showing `character`; a control character is replaced by its visible form
    /// (only its first cell when that form is wider than one cell), a zero-width one by a space.
    public init(_ character: Character = " ", style: Style = .plain) {
        let scalars = character.unicodeScalars
        if scalars.count == 1, let scalar = scalars.first, !VisibleText.isControl(scalar) {
            let width = scalarWidth(scalar)
            if width > 0 {
                self.init(trusted: CellSymbol(character), width: width, style: style)
                return
            }
        }
        var symbol = CellSymbol.space
        var width = 1
        var taken = false
        VisibleText.forEachCell(of: String(character)) { s, w in
            if !taken { symbol = s; width = w; taken = true }
        }
        self.init(trusted: symbol, width: width, style: style)
    }

    /// Creates a cell from an already sanitised symbol.
    @inline(__always)
    init(trusted symbol: CellSymbol, width: Int, style: Style) {
        self.storage = symbol
        self.width = width
        self.style = style
    }

    /// A blank cell in the plain style.
    public static let blank = Cell()

    /// A blank cell with `style`.
    public static func blank(_ style: Style) -> Cell { Cell(trusted: .space, width: 1, style: style) }

    /// The right half of a wide character.
    static func continuation(_ style: Style) -> Cell { Cell(trusted: .empty, width: 0, style: style) }

    /// Whether this is the right half of a wide character.
    public var isContinuation: Bool { width == 0 }
}
