/// A command parsed from a line such as `deposit account-7 amount=50`.
public struct ParsedCommand: Hashable, Sendable {
    public var name: String
    public var stream: String
    public var fields: [String: String]

    public init(name: String, stream: String, fields: [String: String]) {
        self.name = name
        self.stream = stream
        self.fields = fields
    }
}
