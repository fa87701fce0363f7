import EventScopeTerminalUI

extension Explorer {
    /// ` · snapshot at v99,500 + 500 events`: how the state shown was loaded.
    static func foldOriginSpans(_ folded: FoldedView) -> [Span] {
        guard let origin = folded.origin else { return [] }
        return [Span(" · " + origin.text, style: Theme.dim)]
    }
}
