import Foundation

/// Finds the `eventscope` executable built alongside the tests.
enum EventScopeBinary {
    struct NotFound: Error, CustomStringConvertible {
        let searched: [String]
        var description: String {
            "eventscope binary not found (run `swift build` before the tests, or set EVENTSCOPE_BINARY); looked in: \(searched.joined(separator: ", "))"
        }
    }

    /// The path of `eventscope`: `$EVENTSCOPE_BINARY`, else the products directory holding the
    /// test bundle (walking up from it), else `.build/debug` under the package root.
    static func path() throws -> String {
        let fm = FileManager.default
        if let explicit = ProcessInfo.processInfo.environment["EVENTSCOPE_BINARY"], fm.isExecutableFile(atPath: explicit) {
            return explicit
        }
        var searched: [String] = []
        var starts = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
        if let executable = Bundle.main.executableURL { starts.append(executable.deletingLastPathComponent()) }
        starts.append(Bundle.main.bundleURL.deletingLastPathComponent())
        for start in starts {
            var directory = start.standardizedFileURL
            for _ in 0..<4 {
                let candidate = directory.appendingPathComponent("eventscope").path
                searched.append(candidate)
                var isDirectory: ObjCBool = false
                if fm.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue, fm.isExecutableFile(atPath: candidate) {
                    return candidate
                }
                directory.deleteLastPathComponent()
            }
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let fallback = root.appendingPathComponent(".build/debug/eventscope").path
        searched.append(fallback)
        if fm.isExecutableFile(atPath: fallback) { return fallback }
        throw NotFound(searched: searched)
    }
}
