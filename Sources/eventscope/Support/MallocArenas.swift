#if canImport(Glibc)
import Glibc
#endif

/// Caps glibc's malloc arenas for a long-running interactive process (the explorer).
///
/// glibc gives threads that contend for the allocator arenas of their own, up to eight per
/// core, and memory freed in one arena is reused only by the threads that land on it. The
/// explorer allocates on the cooperative pool, its input and Redis threads, the SQLite
/// connections' queues and its read models. Tailing a 10,000 events/s load
/// (`eventscope explore --bench`), its resident memory grew by 30–34 MiB to a peak of
/// 93–102 MiB; with two arenas, by 5–6 MiB to 69–70 MiB, at the same tail delay.
///
/// `mallopt` is looked up at run time: it is glibc's (not in Swift's `Glibc` module), and on
/// other C libraries this does nothing.
enum MallocArenas {
    /// glibc's `M_ARENA_MAX` (`malloc.h`).
    private static let arenaMax: Int32 = -8

    /// Allows at most `count` arenas from now on (arenas already made stay). Does nothing when
    /// `MALLOC_ARENA_MAX` is set: the user's choice wins.
    static func limit(to count: Int32) {
        #if canImport(Glibc)
        guard getenv("MALLOC_ARENA_MAX") == nil, let symbol = dlsym(nil, "mallopt") else { return }
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        _ = unsafeBitCast(symbol, to: Mallopt.self)(arenaMax, count)
        #endif
    }
}
