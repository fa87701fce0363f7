import Foundation

extension UUID {
    /// A random (version 4) UUID from the system generator.
    ///
    /// On Linux, Foundation's `UUID()` opens, reads and closes `/dev/urandom` on every call
    /// (≈5.5 µs, measured at about a fifth of a client's CPU under load); this asks
    /// `getrandom` through `SystemRandomNumberGenerator` instead (≈1 µs). Every event gets one.
    ///
    /// Internal (usable from inlinable code for the default event id of ``ProposedEvent``):
    /// EventScope does not add API to Foundation's type in its users' programs.
    @usableFromInline
    static func randomV4() -> UUID {
        var generator = SystemRandomNumberGenerator()
        var bytes = (generator.next() as UInt64, generator.next() as UInt64)
        return withUnsafeMutableBytes(of: &bytes) { raw in
            raw[6] = raw[6] & 0x0F | 0x40  // version 4
            raw[8] = raw[8] & 0x3F | 0x80  // variant 10
            return UUID(uuid: raw.load(as: uuid_t.self))
        }
    }
}

extension UUID {
    /// A time-ordered (version 7) UUID: the first 48 bits are the Unix time in milliseconds,
    /// the rest random (from the system generator, as `randomV4()`).
    ///
    /// Ids drawn later sort after ids drawn earlier (to the millisecond), as bytes and as the
    /// upper-case text stores keep: an index on event ids then grows at its end instead of
    /// at random pages, which is what an SQLite store's unique index pays for on every insert.
    public static func timeOrdered() -> UUID {
        var generator = SystemRandomNumberGenerator()
        var bytes = (generator.next() as UInt64, generator.next() as UInt64)
        let ms = UInt64(max(0, Date().timeIntervalSince1970 * 1000))
        return withUnsafeMutableBytes(of: &bytes) { raw in
            for i in 0..<6 { raw[i] = UInt8(truncatingIfNeeded: ms >> (40 - 8 * UInt64(i))) }
            raw[6] = raw[6] & 0x0F | 0x70  // version 7
            raw[8] = raw[8] & 0x3F | 0x80  // variant 10
            return UUID(uuid: raw.load(as: uuid_t.self))
        }
    }

    /// The id the engine gives a new command (its events' ids derive from it, keeping the
    /// time prefix) and the codec a new event: ``timeOrdered()``.
    public static func newEventID() -> UUID { timeOrdered() }
}
