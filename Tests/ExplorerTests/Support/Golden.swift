import Foundation
import Testing

/// Compares a screen with a golden text file in `Tests/ExplorerTests/Golden/`.
///
/// Set `UPDATE_GOLDENS=1` to (re)write the files on purpose; review the diff like code.
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Golden")

    static func check(_ screen: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent("\(name).txt")
        let text = screen.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            // Trailing blanks are invisible in review; keep lines exact but mark the right edge.
            line + "|"
        }.joined(separator: "\n") + "\n"
        if ProcessInfo.processInfo.environment["UPDATE_GOLDENS"] == "1" {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("missing golden \(name).txt: run with UPDATE_GOLDENS=1 to create it", sourceLocation: sourceLocation)
            return
        }
        if expected != text {
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let a = text.split(separator: "\n", omittingEmptySubsequences: false)
            var report = ""
            for i in 0..<max(e.count, a.count) {
                let el = i < e.count ? String(e[i]) : "<none>"
                let al = i < a.count ? String(a[i]) : "<none>"
                if el != al { report += "line \(i + 1):\n  expected: \(el)\n  actual:   \(al)\n" }
            }
            Issue.record("screen differs from golden \(name).txt (UPDATE_GOLDENS=1 regenerates):\n\(report)", sourceLocation: sourceLocation)
        }
    }
}
