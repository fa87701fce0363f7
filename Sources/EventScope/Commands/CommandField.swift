import Foundation

/// The type of a command field, which decides how its text is validated.
public enum FieldType: String, Hashable, Sendable {
    /// A value of the type that every field accepts (`x`, `1`, `true`): what
    /// ``CommandDescriptor/applies(to:)`` tries a decision with.
    public var sample: String {
        switch self {
        case .string: return "x"
        case .integer: return "1"
        case .boolean: return "true"
        }
    }

    /// Any text; a required string must not be blank.
    case string
    /// A whole number, e.g. `50` or `-3`.
    case integer
    /// `true`/`false` (also `yes`/`no`, `1`/`0`).
    case boolean
}

/// One field of a command, as people and tools see it.
///
/// ```swift
/// CommandField("amount", .integer, help: "how much, in cents")
/// ```
public struct CommandField: Hashable, Sendable {
    /// The field's name, as written on a command line (`amount=50`).
    public var name: String
    /// How the field's text is validated.
    public var type: FieldType
    /// One line for people: what the value means.
    public var help: String
    /// Whether the field must be given; an optional field may be left out.
    public var required: Bool

    /// Creates a field.
    /// - Parameters:
    ///   - name: the field's name.
    ///   - type: how its text is validated.
    ///   - help: one line for people.
    ///   - required: whether it must be given (the default).
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
///
/// The typed getters return `nil` for a field that was not given (or, when built by hand,
/// whose text does not parse as the type).
public struct FieldValues: Hashable, Sendable {
    /// The values as text, by field name.
    public let raw: [String: String]

    /// Wraps text values by field name (validation is the catalog's job).
    public init(_ raw: [String: String]) { self.raw = raw }

    /// The field's text, if given.
    public func string(_ name: String) -> String? { raw[name] }
    /// The field as a whole number, if given and valid.
    public func int(_ name: String) -> Int? { raw[name].flatMap { Int($0) } }
    /// The field as a boolean (`true`/`yes`/`1`/`on` or `false`/`no`/`0`/`off`), if given and valid.
    public func bool(_ name: String) -> Bool? { raw[name].flatMap(Self.bool) }

    static func bool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "1", "on": return true
        case "false", "no", "0", "off": return false
        default: return nil
        }
    }
}
