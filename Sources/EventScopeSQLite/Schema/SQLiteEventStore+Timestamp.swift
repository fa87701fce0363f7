import Foundation

extension SQLiteEventStore {
    /// A time as the store writes it (`recorded_at`, `last_updated`): ISO-8601 UTC with
    /// milliseconds, `2026-11-27T17:50:07.123Z`, truncated to the millisecond.
    ///
    /// The one formatter for this form: tools that print times the way the store holds them
    /// (the CLI's `recorded_at`) use it rather than a copy.
    public static func timestampText(_ date: Date) -> String {
        Timestamp(milliseconds: Int64((date.timeIntervalSince1970 * 1000).rounded(.down))).text
    }
}
