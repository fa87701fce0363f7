import ArgumentParser

// Stub: replaced by the engineer who owns this subcommand.
struct ExploreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "explore", abstract: "(not yet built)", shouldDisplay: false)
    func run() async throws { throw ValidationError("explore is not built yet") }
}
