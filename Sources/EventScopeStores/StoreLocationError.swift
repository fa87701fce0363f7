/// A store URL that cannot be understood: what is wrong with it and which forms work.
public struct StoreLocationError: Error, Sendable, CustomStringConvertible {
    /// One line for people, naming the URL (without a password).
    public let description: String

    init(url: String, reason: String) {
        description = "bad store URL \"\(url)\": \(reason)"
    }

    init(message: String) {
        description = message
    }
}
