import EventScope
import EventScopeTerminalUI

/// The command form: a command of the catalog, its stream and its fields, checked with the
/// catalog before anything is sent.
public struct FormState: Sendable {
    /// The commands offered (category and name), the selected aggregate's first.
    public var commands: [CommandDescriptor]
    /// The chosen command.
    public var commandIndex: Int
    /// The stream typed (prefilled with the selected aggregate).
    public var stream: TextInputState
    /// One input per field of the chosen command.
    public var fields: [TextInputState]
    /// The focused row: 0 command, 1 stream, then the fields.
    public var focus: Int
    /// Problems found before sending, by row.
    public var problems: [Int: String] = [:]
    /// The catalog's verdict on the whole command.
    public var error: String?

    /// The chosen command.
    public var command: CommandDescriptor { commands[commandIndex] }

    /// Rows: command, stream, fields.
    var rowCount: Int { 2 + fields.count }

    /// A form for `stream` (or the first category when none), listing every command, on the
    /// first of the stream's commands that `applies` (one that continues the aggregate, not
    /// one that starts it, once it exists), with focus on the command row.
    init(catalog: CommandCatalog, stream: StreamID?, applies: (CommandDescriptor) -> Bool = { _ in true }) {
        let all = catalog.allCommands
        let preferred = stream.map { s in all.filter { $0.category == s.category } } ?? []
        commands = preferred + all.filter { c in !preferred.contains { $0.category == c.category && $0.name == c.name } }
        commandIndex = preferred.firstIndex(where: applies) ?? 0
        let first = commands.indices.contains(commandIndex) ? commands[commandIndex] : nil
        let prefill = stream.flatMap { s in first?.category == s.category ? s.rawValue : nil } ?? first.map { "\($0.category)-" } ?? ""
        self.stream = TextInputState(text: prefill)
        fields = (first?.fields ?? []).map { _ in TextInputState() }
        focus = 0
    }

    /// Chooses another command, keeping the stream when the category is the same.
    mutating func choose(_ index: Int) {
        guard commands.indices.contains(index) else { return }
        let old = command
        commandIndex = index
        let new = command
        if old.category != new.category { stream = TextInputState(text: "\(new.category)-") }
        fields = new.fields.map { _ in TextInputState() }
        problems = [:]
        error = nil
    }

    /// The field values typed (empty optional fields left out).
    var values: [String: String] {
        var out: [String: String] = [:]
        for (field, input) in zip(command.fields, fields) where !(input.text.isEmpty && !field.required) {
            out[field.name] = input.text
        }
        return out
    }

    /// The command as a command line (for the log and the history).
    var commandLine: String {
        ([command.name, stream.text] + command.fields.compactMap { f in values[f.name].map { "\(f.name)=\(CommandLineText.quoteIfNeeded($0))" } })
            .joined(separator: " ")
    }
}

enum CommandLineText {
    /// `value`, quoted when it has spaces or quotes, so the line parses back the same.
    static func quoteIfNeeded(_ value: String) -> String {
        guard value.isEmpty || value.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "'" || $0 == "\\" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
