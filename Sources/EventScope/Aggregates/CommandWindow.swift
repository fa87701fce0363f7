import Foundation

/// The ids of an aggregate's most recent events and their versions, so that a command sent
/// again (same command id, hence the same derived event ids) is recognised and answered
/// with the events it stored the first time.
///
/// Bounded: it remembers the last ``capacity`` events. A command resent after more events
/// than that is still never applied twice — the store refuses ids it already holds — but is
/// answered with an error instead of its stored events.
struct CommandWindow {
    let capacity: Int
    private var versions: [UUID: Int64] = [:]
    private var ring: [UUID] = []
    private var next = 0

    init(capacity: Int = 128) {
        self.capacity = capacity
    }

    /// Remembers that the event `id` is stored at `version`.
    mutating func record(_ id: UUID, version: Int64) {
        if ring.count < capacity {
            ring.append(id)
        } else {
            versions[ring[next]] = nil
            ring[next] = id
            next = (next + 1) % capacity
        }
        versions[id] = version
    }

    /// The versions of the events the command `commandID` stored, if they are remembered.
    func versions(of commandID: UUID) -> ClosedRange<Int64>? {
        guard let first = versions[commandID.derivedEventID(0)] else { return nil }
        var last = first
        var n = 1
        while let v = versions[commandID.derivedEventID(n)], v == last + 1 {
            last = v
            n += 1
        }
        return first...last
    }
}

extension UUID {
    /// The id of the `index`th event of the command with this id: the same command id
    /// always gives the same event ids, so a store that already holds them refuses to store
    /// them twice. The result is a version-8 (custom) UUID; distinct command ids give
    /// distinct event ids.
    func derivedEventID(_ index: Int) -> UUID {
        var bytes = uuid
        withUnsafeMutableBytes(of: &bytes) { raw in
            let i = UInt32(truncatingIfNeeded: index)
            raw[12] ^= UInt8(truncatingIfNeeded: i >> 24)
            raw[13] ^= UInt8(truncatingIfNeeded: i >> 16)
            raw[14] ^= UInt8(truncatingIfNeeded: i >> 8)
            raw[15] ^= UInt8(truncatingIfNeeded: i)
            raw[6] = raw[6] & 0x0F | 0x80  // version 8
            raw[8] = raw[8] & 0x3F | 0x80  // variant 10
        }
        return UUID(uuid: bytes)
    }
}
