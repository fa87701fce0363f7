/// Horizontal alignment of a line inside its area.
public enum Alignment: Hashable, Sendable {
    case left, center, right
}

/// One line of styled text: a sequence of ``Span``s.
public struct Line: Hashable, Sendable, ExpressibleByStringLiteral {
    /// The spans, drawn left to right.
    public var spans: [Span]
    /// Alignment inside the area the line is drawn in.
    public var alignment: Alignment
    /// A style laid under every span (spans patch it).
    public var style: Style

    /// Creates a line from spans.
    public init(_ spans: [Span], alignment: Alignment = .left, style: Style = .plain) {
        self.spans = spans
        self.alignment = alignment
        self.style = style
    }

    /// Creates a line of one span.
    public init(_ text: String, style: Style = .plain, alignment: Alignment = .left) {
        self.init([Span(text, style: style)], alignment: alignment)
    }

    public init(stringLiteral value: String) { self.init(value) }

    /// The width in cells once drawn.
    public var width: Int { spans.reduce(0) { $0 + $1.width } }

    /// The concatenated text of all spans.
    public var plainText: String { spans.map(\.content).joined() }

    /// Splits text on newlines into lines, one style for all.
    public static func lines(_ text: String, style: Style = .plain) -> [Line] {
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map { Line(String($0), style: style) }
    }
}
