import ArgumentParser
import EventScope
import Foundation

/// `eventscope readmodel NAME`: the rows of a read model.
struct ReadModelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "readmodel",
        abstract: "Print the rows of a read model (counters, accounts).",
        discussion: "With --json, prints {name, checkpoint, columns, rows: [{column: value}], check}.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var readModelOptions: ReadModelOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The read model's name.", completion: Completions.readModelNames)
    var name: String

    @Option(help: "The most rows to print.")
    var limit = 100

    @Flag(help: "Also check the rows against the event log (where the read model offers a check).")
    var check = false

    func validate() throws {
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1, got \(limit)") }
    }

    func run() async throws {
        try await withReadModels(storeOptions, readModelOptions) { store, runners, _ in
            let (model, _) = try readModel(name, in: runners)
            let rows = try await model.rows(limit: limit)
            let checkpoint = try await model.checkpoint()
            let outcome = check ? try await model.check(rows, against: store) : nil
            if output.json {
                var object: [String: Any] = [
                    "name": model.name, "checkpoint": checkpoint.value, "columns": model.columns,
                    "rows": rows.map { row in Dictionary(uniqueKeysWithValues: zip(model.columns, row.cells)) },
                ]
                if let outcome { object["check"] = ["passed": outcome.passed, "summary": outcome.summary, "problems": outcome.problems] }
                Console.line(EventFormatting.jsonText(object))
                return
            }
            Console.line("\(model.name) at #\(checkpoint.value): \(model.summary)")
            TextTable.render([model.columns.map { $0.uppercased() }] + rows.map { $0.cells.map { Console.visible($0) } }).forEach(Console.line)
            if let outcome { Console.line("\(outcome.passed ? "✓" : "✗") \(outcome.summary)") }
        }
    }
}
