/// A failure the CLI reports as one line and a non-zero exit status (no usage).
struct CLIFailure: Error, CustomStringConvertible {
    let description: String
    /// What kind of failure it is, for scripts (JSON `error` and the exit status).
    let kind: FailureKind
    /// Details for the JSON object (`stream`, `command_id`, …).
    let details: [String: String]

    init(_ description: String, kind: FailureKind = .failed, details: [String: String] = [:]) {
        self.description = description
        self.kind = kind
        self.details = details
    }
}
