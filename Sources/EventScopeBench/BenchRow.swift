/// One further figure of the bench (terminal rendering, the explorer), in the order measured.
public typealias BenchRow = (name: String, value: Double, unit: String)
