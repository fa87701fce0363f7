import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension UUID {
    /// A random (version 4) UUID from the system generator.
    ///
    /// On Linux, Foundation's `UUID()` opens, reads and closes `/dev/urandom` on every call
    /// (≈5.5 µs, measured at about a fifth of a client's CPU under load); this takes its bits
    /// from ``RandomBytes``, a pool the system generator fills. Every event gets one.
    ///
    /// Internal (usable from inlinable code for the default event id of ``ProposedEvent``):
    /// EventScope does not add API to Foundation's type in its users' programs.
    @usableFromInline
    static func randomV4() -> UUID {
        var bytes = RandomBytes.next16()
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
        var bytes = RandomBytes.next16()
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

/// Random bytes from the system's generator, drawn 4 KiB at a time: one `getrandom` system call
/// per 256 ids instead of two per id (`SystemRandomNumberGenerator` asks the kernel for every
/// eight bytes; `perf` put the kernel's generator at 3–4% of the demo's client threads).
///
/// The bytes are as random as the system generator's (`arc4random_buf`), and each is handed
/// out once. A process that `fork`s without `exec` would share the unused rest with its
/// child; EventScope never does (processes are started with `posix_spawn`).
@usableFromInline
enum RandomBytes {
    private struct Pool {
        var bytes = [UInt8](repeating: 0, count: 4_096)
        var next = 4_096
    }

    private static let pool = Mutex(Pool())

    /// Sixteen random bytes.
    @usableFromInline
    static func next16() -> (UInt64, UInt64) {
        pool.withLock { p in
            if p.next + 16 > p.bytes.count {
                p.bytes.withUnsafeMutableBytes { arc4random_buf($0.baseAddress!, $0.count) }
                p.next = 0
            }
            defer { p.next += 16 }
            return p.bytes.withUnsafeBytes { raw in
                (raw.loadUnaligned(fromByteOffset: p.next, as: UInt64.self), raw.loadUnaligned(fromByteOffset: p.next + 8, as: UInt64.self))
            }
        }
    }
}
