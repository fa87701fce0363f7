/// Commands that build a small example data set: a few aggregates, each from its first command on.
///
/// Seeding builds only the streams that do not exist yet, so seeding twice changes nothing.
public struct DemoSeed: Sendable {
    /// What it builds, for people: `"demo counters and accounts"`.
    public var summary: String
    /// The commands, in the order they are sent.
    public var commands: [ParsedCommand]

    /// Creates a seed from parsed commands.
    public init(_ summary: String, commands: [ParsedCommand]) {
        self.summary = summary
        self.commands = commands
    }

    /// Creates a seed from command lines (`deposit account-ada amount=120`).
    ///
    /// A line that does not parse is a programming error in the domain's description and stops
    /// the program with the reason, as registering a command twice does.
    public init(_ summary: String, lines: [String]) {
        self.summary = summary
        self.commands = lines.map { line in
            do {
                return try CommandCatalog.parse(line)
            } catch {
                preconditionFailure("demo seed line \"\(line)\" does not parse: \(error)")
            }
        }
    }

    /// The streams it builds, in the order of their first command.
    public var streams: [String] {
        var seen = Set<String>()
        return commands.compactMap { seen.insert($0.stream).inserted ? $0.stream : nil }
    }
}
