import Foundation

/// Where a command came from, recorded in its events' metadata so that the causality X-ray
/// (``CausalityTrace``) can say who started a chain and with what text.
///
/// Commands typed by a person (the CLI, the explorer) start a new correlation: the command id
/// is both the correlation id and the causation id of its events. Commands a process manager
/// sends carry the event that caused them (``ProcessCommands``).
public enum CommandOrigin {
    /// The metadata key naming the origin (`"cli"`, `"explorer"`, `"process:NAME"`).
    public static let sourceKey = "source"
    /// The metadata key holding the command as text (`"transfer account-ada to=account-alan amount=30"`).
    public static let commandKey = "command"
    /// The metadata key naming the process manager's step (`"withdraw"`).
    public static let stepKey = "step"
    /// The source a process manager's commands carry: `process:NAME`.
    public static func process(_ name: String) -> String { "process:\(name)" }

    /// Metadata for a command a person sent: a new correlation whose id is the command id,
    /// the command as the causation of its events, the origin and the command's text.
    /// - Parameters:
    ///   - source: where it was typed (`"cli"`, `"explorer"`).
    ///   - text: the command as typed (`"deposit account-7 amount=50"`).
    ///   - commandID: the command's id (a resend reuses it; a new one by default).
    public static func started(by source: String, text: String, commandID: UUID = UUID()) -> EventMetadata {
        EventMetadata(correlationID: commandID, causationID: commandID, commandID: commandID, custom: [sourceKey: source, commandKey: text])
    }
}

extension ValidatedCommand {
    /// The command as a person would type it: `name stream field=value …` (fields by name).
    public var text: String {
        var parts = [descriptor.name, streamID.rawValue]
        for field in descriptor.fields {
            guard let value = values.string(field.name) else { continue }
            parts.append("\(field.name)=\(Self.quoted(value))")
        }
        return parts.joined(separator: " ")
    }

    private static func quoted(_ value: String) -> String {
        value.isEmpty || value.contains(where: { $0 == " " || $0 == "'" || $0 == "\"" }) ? "'\(value.replacingOccurrences(of: "'", with: "\\'"))'" : value
    }
}
