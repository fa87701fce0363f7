/// A run of text in one style: the unit of styled text.
public struct Span: Hashable, Sendable, ExpressibleByStringLiteral {
    /// The raw text (sanitised when drawn).
    public var content: String
    /// The style laid over the widget's base style.
    public var style: Style

    /// Creates a span.
    public init(_ content: String, style: Style = .plain) {
        self.content = content
        self.style = style
    }

    public init(stringLiteral value: String) { self.init(value) }

    /// The width in cells once drawn.
    public var width: Int { displayWidth(of: content) }
}
