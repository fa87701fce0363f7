import BookLoans
import EventScopeExplorerRuntime
import Foundation
import EventScopeSQLite
import EventScopeTerminalUI
import EventScopeCurses

// book-loans [PATH] [--read-only] [--mouse] [--no-color]: the explorer on the book-loans
// domain, over an SQLite file (default book-loans.sqlite).
let arguments = CommandLine.arguments.dropFirst()
let path = arguments.first { !$0.hasPrefix("--") } ?? "book-loans.sqlite"
let options = ExplorerOptions(readOnly: arguments.contains("--read-only"), mouse: arguments.contains("--mouse"))
let colors: ColorMode? = arguments.contains("--no-color") ? ColorMode.none : nil

do {
    let store = try await SQLiteEventStore.open(path: path)
    try await CursesBackend.run(options: CursesOptions(mouse: options.mouse, colorMode: colors)) { backend in
        await ExplorerRunner.run(store: store, catalog: LoansCatalog.make(), backend: backend, options: options)
    }
    await store.close()
} catch {
    FileHandle.standardError.write(Data("book-loans: \(error)\n".utf8))
    exit(1)
}
