import EventScopeTerminalUI

extension Explorer {
    /// ` · snapshot at v99,500 + 500 events`: how the state shown was loaded.
    static func foldOriginSpans(_ folded: FoldedView) -> [Span] {
        guard let origin = folded.origin else { return [] }
        return [Span(" · " + origin.text, style: Theme.dim)]
    }

    /// ` · indexing for time travel: v340,000`: the background index of a long stream, while
    /// it runs (travel past it folds more events).
    static func indexSpans(_ view: AggregateView) -> [Span] {
        guard let through = view.indexedThrough, through < view.head else { return [] }
        return [Span(" · indexing for time travel: v\(Format.count(through.value))", style: Theme.dim)]
    }

    /// Said instead of the change summary when the state before this version was never folded.
    static func changeUnknown(_ folded: FoldedView) -> Line {
        Line("what v\(folded.version) changed is not known here: the state was loaded from a snapshot at this version", style: Theme.dim)
    }
}
