/// The widths of the live events table's columns for a width: they give way in a fixed order,
/// so what matters most is cut last.
///
/// The stream and type columns are as wide as their longest value shown (a stream column with
/// blank space never cuts a type or the data). With less room, the data narrows to a few
/// characters first, then the time goes, then the data; only then is the stream id cut (to 8
/// characters), then the type. Position and version are never cut.
struct EventColumns: Hashable, Sendable {
    var position: Int
    /// 0 when hidden.
    var time: Int
    var stream: Int
    var version: Int
    var type: Int
    /// 0 when hidden; otherwise the rest of the row.
    var data: Int

    static let timeWidth = 8
    /// The narrowest data column worth showing (`{"count…`).
    static let minimumData = 6
    /// How short the stream and type columns get before anything else is given up.
    static let minimumText = 8

    /// Columns for a table `width` wide (its selection marker included) whose longest
    /// position, version, stream id and type shown are as given.
    static func plan(width: Int, position: Int, version: Int, stream: Int, type: Int) -> EventColumns {
        // The selection marker takes a column; the columns are one blank apart.
        let room = width - 1
        var stream = max(6, stream), type = max(4, type)
        let core = position + version + stream + type + 3
        guard core <= room else {
            var over = core - room
            let streamCut = min(over, max(0, stream - minimumText))
            stream -= streamCut
            over -= streamCut
            let typeCut = min(over, max(0, type - minimumText))
            type -= typeCut
            over -= typeCut
            if over > 0 { stream = max(1, stream - over) }
            return EventColumns(position: position, time: 0, stream: stream, version: version, type: type, data: 0)
        }
        var rest = room - core
        var time = 0
        if rest >= (timeWidth + 1) + (minimumData + 1) {
            time = timeWidth
            rest -= timeWidth + 1
        }
        let data = rest >= minimumData + 1 ? rest - 1 : 0
        return EventColumns(position: position, time: time, stream: stream, version: version, type: type, data: data)
    }
}
