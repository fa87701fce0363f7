/// An error a ``Decision`` throws to refuse a command by a domain rule.
///
/// The engine answers such a command with ``CommandError/refused(_:)``, keeping the value
/// (``Refusal/error``) so a caller can switch on the adopter's own type; any other error a
/// decision throws is a bug, reported as ``CommandError/decisionFailed(_:)``.
///
/// ```swift
/// enum CartRefusal: DomainRefusal {
///     case empty, itemMissing(String)
///     var message: String { ... }
/// }
/// ```
public protocol DomainRefusal: Error {
    /// The rule that refused, for people: what is wrong and, ideally, what to do.
    var message: String { get }
}

extension DomainError: DomainRefusal {}

/// A domain rule's refusal of a command: the value the decision threw, and its message.
///
/// Written as a string literal it is a ``DomainError`` with that message
/// (`CommandError.refused("insufficient funds")`). Two refusals are equal when their values
/// are (same type and `==` when `Equatable`, else same type and message).
public struct Refusal: Error, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringInterpolation {
    /// What the decision threw: a ``DomainError`` or the adopter's own ``DomainRefusal``.
    public let error: any DomainRefusal

    /// Wraps the value a decision threw.
    public init(_ error: any DomainRefusal) { self.error = error }

    /// A ``DomainError`` with this message.
    public init(stringLiteral message: String) { self.init(DomainError(message)) }

    /// The rule that refused, for people.
    public var message: String { error.message }
    /// The message.
    public var description: String { message }

    public static func == (a: Refusal, b: Refusal) -> Bool {
        guard type(of: a.error) == type(of: b.error) else { return false }
        if let x = (a.error as Any) as? any Equatable { return Self.equal(x, b.error) }
        return a.message == b.message
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(ObjectIdentifier(type(of: error)))
        hasher.combine(message)
    }

    private static func equal<E: Equatable>(_ a: E, _ b: Any) -> Bool { (b as? E).map { a == $0 } ?? false }
}

/// An error kept as a value inside a ``CommandError``: equal to another when they read the same.
public struct CapturedError: Error, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringInterpolation {
    /// The error as it was thrown.
    public let error: any Error

    /// Keeps `error`.
    public init(_ error: any Error) { self.error = error }
    /// An error that is only a message.
    public init(stringLiteral message: String) { self.init(Message(text: message)) }

    /// The error's own description.
    public var description: String { String(describing: error) }

    public static func == (a: CapturedError, b: CapturedError) -> Bool { a.description == b.description }
    public func hash(into hasher: inout Hasher) { hasher.combine(description) }

    private struct Message: Error, CustomStringConvertible {
        let text: String
        var description: String { text }
    }
}
