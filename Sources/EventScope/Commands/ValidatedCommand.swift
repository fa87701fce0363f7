/// A command checked against the catalog, ready to run.
///
/// Made only by ``CommandCatalog/validate(command:stream:fields:)``: its stream names a
/// registered category and its fields are the command's, each valid for its type.
/// The engine runs it as it is (`Engine.send(_:metadata:)` with a `ValidatedCommand`), without checking it again.
/// Two validated commands are equal when they name the same command of the same category,
/// stream and field values.
public struct ValidatedCommand: Hashable, Sendable {
    /// The catalog's description of the command.
    public let descriptor: CommandDescriptor
    /// The target stream.
    public let streamID: StreamID
    /// The validated field values.
    public let values: FieldValues

    public static func == (a: ValidatedCommand, b: ValidatedCommand) -> Bool {
        a.descriptor.name == b.descriptor.name && a.descriptor.category == b.descriptor.category
            && a.streamID == b.streamID && a.values == b.values
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(descriptor.name)
        hasher.combine(streamID)
        hasher.combine(values)
    }
}
