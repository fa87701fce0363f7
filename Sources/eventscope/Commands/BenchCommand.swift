import ArgumentParser

// Stub: replaced by the engineer who owns this subcommand.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench", abstract: "(not yet built)", shouldDisplay: false)
    func run() async throws { throw ValidationError("bench is not built yet") }
}
