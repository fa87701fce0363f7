import ArgumentParser

// Stub: replaced by the engineer who owns this subcommand.
struct TailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tail", abstract: "(not yet built)", shouldDisplay: false)
    func run() async throws { throw ValidationError("tail is not built yet") }
}
