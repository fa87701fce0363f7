import Foundation

/// The name of one stream: `category-id`, e.g. `counter-7f3a` or `account-42`.
///
/// The category (the text before the first `-`) names the aggregate type; the rest is the
/// aggregate's id within that category.
public struct StreamID: Hashable, Sendable, Comparable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    /// The full stream name.
    public let rawValue: String

    /// Creates a stream id from its full name.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// Creates a stream id from a category and an aggregate id.
    public init(category: String, id: String) { self.rawValue = "\(category)-\(id)" }

    /// Creates a stream id from its full name written as a literal: `"counter-1"`.
    public init(stringLiteral value: String) { self.rawValue = value }

    /// The aggregate category: the text before the first `-` (the whole name if there is none).
    public var category: String {
        guard let dash = rawValue.firstIndex(of: "-") else { return rawValue }
        return String(rawValue[..<dash])
    }

    /// The aggregate id: the text after the first `-` (empty if there is none).
    public var id: String {
        guard let dash = rawValue.firstIndex(of: "-") else { return "" }
        return String(rawValue[rawValue.index(after: dash)...])
    }

    /// The full stream name.
    public var description: String { rawValue }
    /// Orders stream ids by name.
    public static func < (a: StreamID, b: StreamID) -> Bool { a.rawValue < b.rawValue }

    /// Decodes a stream id from its name as a JSON string.
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }
    /// Encodes the stream id as its name, a JSON string.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}

/// A 1-based, contiguous version within one stream; `0` means "no events yet".
public struct StreamVersion: Hashable, Sendable, Comparable, Codable, CustomStringConvertible,
    ExpressibleByIntegerLiteral
{
    /// The number of events in the stream up to and including this one.
    public let value: Int64
    /// Creates a version from its number.
    public init(_ value: Int64) { self.value = value }
    /// Creates a version written as a literal: `3`.
    public init(integerLiteral value: Int64) { self.value = value }
    /// The version of a stream that has no events.
    public static let none = StreamVersion(0)
    /// The version after this one.
    public var next: StreamVersion { StreamVersion(value + 1) }
    /// The number, e.g. `3`.
    public var description: String { String(value) }
    /// Orders versions by number.
    public static func < (a: StreamVersion, b: StreamVersion) -> Bool { a.value < b.value }
    /// Decodes a version from a JSON number.
    public init(from decoder: any Decoder) throws {
        value = try decoder.singleValueContainer().decode(Int64.self)
    }
    /// Encodes the version as a JSON number.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(value)
    }
}

/// A 1-based position in the global log (`$all`): gap-free, in commit order.
/// `0` means "before the first event".
public struct GlobalPosition: Hashable, Sendable, Comparable, Codable, CustomStringConvertible,
    ExpressibleByIntegerLiteral
{
    /// The number of events in `$all` up to and including this one.
    public let value: Int64
    /// Creates a position from its number.
    public init(_ value: Int64) { self.value = value }
    /// Creates a position written as a literal: `42`.
    public init(integerLiteral value: Int64) { self.value = value }
    /// The position before the first event; reading from `start.next` reads everything.
    public static let start = GlobalPosition(0)
    /// The position after this one.
    public var next: GlobalPosition { GlobalPosition(value + 1) }
    /// The number, e.g. `42`.
    public var description: String { String(value) }
    /// Orders positions by number, which is commit order.
    public static func < (a: GlobalPosition, b: GlobalPosition) -> Bool { a.value < b.value }
    /// Decodes a position from a JSON number.
    public init(from decoder: any Decoder) throws {
        value = try decoder.singleValueContainer().decode(Int64.self)
    }
    /// Encodes the position as a JSON number.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(value)
    }
}

/// A stable event type tag such as `"counter.incremented"`.
///
/// Tags are stored with the data and must never be derived from Swift type names: renaming a
/// Swift type must not orphan stored events.
public struct EventType: Hashable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    /// The tag, e.g. `counter.incremented`.
    public let rawValue: String
    /// Creates a tag from its text.
    public init(_ rawValue: String) { self.rawValue = rawValue }
    /// Creates a tag written as a literal: `"counter.incremented"`.
    public init(stringLiteral value: String) { self.rawValue = value }
    /// The tag.
    public var description: String { rawValue }
    /// Decodes a tag from a JSON string.
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }
    /// Encodes the tag as a JSON string.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}
