import Foundation

/// One Redis command as binary-safe arguments (sent with explicit lengths, never formatted).
struct RedisCommand: Sendable {
    var arguments: [Data]

    init(_ arguments: [Data]) { self.arguments = arguments }

    init(_ arguments: String...) { self.arguments = arguments.map { Data($0.utf8) } }

    init(_ arguments: [String]) { self.arguments = arguments.map { Data($0.utf8) } }

    /// The command name, for error messages.
    var name: String { arguments.first.map { String(decoding: $0, as: UTF8.self) } ?? "" }
}
