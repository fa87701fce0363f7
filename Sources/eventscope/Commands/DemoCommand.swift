import ArgumentParser

// Stub: replaced by the engineer who owns this subcommand.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: "(not yet built)", shouldDisplay: false)
    func run() async throws { throw ValidationError("demo is not built yet") }
}
