import EventScope
import Foundation

extension Explorer {
    /// The store went back to an earlier head: nothing on screen is in it any more. Say so in a
    /// banner, drop what was shown and load it all again; stop demo traffic (its clients would
    /// only meet conflicts against versions that no longer exist) and let its check say what
    /// the store still holds.
    static func storeReset(_ state: inout ExplorerState, previousHead: GlobalPosition, head: GlobalPosition) -> [ExplorerEffect] {
        let what = "the store went back from #\(Format.count(previousHead.value)) to #\(Format.count(head.value))"
        state.banner = Notice(
            text: "Store reset: \(what) (emptied or restored; a Redis without persistence restarts empty). Everything shown was reloaded",
            level: .error, at: state.now)
        // The tail starts over from the new head (the feed subscribes again and reports it).
        var tail = TailState()
        tail.filter = state.tail.filter
        state.tail = tail
        state.stats = nil
        state.storeError = nil
        var effects: [ExplorerEffect] = [reloadAggregates(&state), .refreshStats]
        if let stream = state.inspector.aggregate?.stream {
            effects += openAggregate(&state, stream)
        }
        if state.traffic.running {
            state.traffic.storeReset = "#\(Format.count(previousHead.value)) → #\(Format.count(head.value))"
            if !state.traffic.stopping {
                state.traffic.stopping = true
                effects.append(.stopTraffic)
            }
        }
        return effects
    }
}
