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
