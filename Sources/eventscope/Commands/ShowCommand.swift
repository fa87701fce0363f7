import ArgumentParser

// Stub: replaced by the engineer who owns this subcommand.
struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "(not yet built)", shouldDisplay: false)
    func run() async throws { throw ValidationError("show is not built yet") }
}
