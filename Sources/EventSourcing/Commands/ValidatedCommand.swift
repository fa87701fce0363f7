/// A command checked against the catalog, ready to run.
public struct ValidatedCommand: Sendable {
    public let descriptor: CommandDescriptor
    public let streamID: StreamID
    public let values: FieldValues
}
