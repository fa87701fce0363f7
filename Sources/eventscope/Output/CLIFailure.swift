/// A failure the CLI reports as one line and a non-zero exit status (no usage).
struct CLIFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
