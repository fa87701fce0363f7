import Foundation

/// The type of a command field, which decides how its text is validated.
public enum FieldType: String, Hashable, Sendable {
    case string
    /// A whole number, e.g. `50` or `-3`.
    case integer
    /// `true`/`false` (also `yes`/`no`, `1`/`0`).
    case boolean
}

/// One field of a command, as people and tools see it.
public struct CommandField: Hashable, Sendable {
    public var name: String
    public var type: FieldType
    public var help: String
    public var required: Bool

    public init(_ name: String, _ type: FieldType, help: String, required: Bool = true) {
        self.name = name
        self.type = type
        self.help = help
        self.required = required
    }

    /// Checks one text value; returns an error reason, or `nil` when it is valid.
    public func problem(with text: String) -> String? {
        switch type {
        case .string:
            if required && text.trimmingCharacters(in: .whitespaces).isEmpty { return "must not be empty" }
            return nil
        case .integer:
            if Int(text) != nil { return nil }
            let digits = text.hasPrefix("-") || text.hasPrefix("+") ? text.dropFirst() : Substring(text)
            if !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
                return "\(text) is out of range: whole numbers go from \(Int.min) to \(Int.max)"
            }
            return "expected a whole number, got \"\(text)\""
        case .boolean:
            return FieldValues.bool(text) == nil ? "expected true or false, got \"\(text)\"" : nil
        }
    }
}

/// A command's field values, validated against its fields.
public struct FieldValues: Hashable, Sendable {
    public let raw: [String: String]

    public init(_ raw: [String: String]) { self.raw = raw }

    public func string(_ name: String) -> String? { raw[name] }
    public func int(_ name: String) -> Int? { raw[name].flatMap { Int($0) } }
    public func bool(_ name: String) -> Bool? { raw[name].flatMap(Self.bool) }

    static func bool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "1", "on": return true
        case "false", "no", "0", "off": return false
        default: return nil
        }
    }
}
