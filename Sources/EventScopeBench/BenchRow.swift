/// One further figure of the bench (terminal rendering, reading, the explorer), in the order measured.
///
/// `key` is the figure's stable name in `eventscope bench --json`: snake_case, ending in its unit
/// (`_ms`, `_us`, `_per_s`, `_mib`, …), never embedding this run's counts. `label` is for people
/// (the table), and may say what this run measured.
public struct BenchRow: Sendable, Equatable {
    public let key: String
    public let value: Double
    public let unit: String
    public let label: String

    public init(_ key: String, _ value: Double, _ unit: String, label: String? = nil) {
        self.key = key
        self.value = value
        self.unit = unit
        self.label = label ?? key
    }
}
