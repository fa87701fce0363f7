import ArgumentParser

// Stub: replaced by the engineer who owns this subcommand.
struct StreamsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "streams", abstract: "(not yet built)", shouldDisplay: false)
    func run() async throws { throw ValidationError("streams is not built yet") }
}
