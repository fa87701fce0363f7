import ArgumentParser

// Stub: replaced by the engineer who owns this subcommand.
struct SendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "send", abstract: "(not yet built)", shouldDisplay: false)
    func run() async throws { throw ValidationError("send is not built yet") }
}
