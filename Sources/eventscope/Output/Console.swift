import Foundation
import Synchronization

/// Writing to the terminal safely.
enum Console {
    /// Whether anything was printed on standard output: a command whose JSON report is out
    /// and then fails adds no second object (its exit status and stderr line say why).
    static let wroteOutput = Atomic<Bool>(false)

    /// The text with control characters (ESC, BEL, CR, …) shown as `\u{1B}` escapes, so text
    /// read from a store is displayed, never executed by the terminal.
    /// With `keepingNewlines`, line feeds stay (for multi-line text such as pretty JSON).
    static func visible(_ text: String, keepingNewlines: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar), !(keepingNewlines && scalar == "\n") {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func isControl(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || (0x7F...0x9F).contains(s.value)
    }

    /// Prints a line and flushes, so a pipe sees it at once (`tail --follow`, `demo` progress).
    static func line(_ text: String) {
        wroteOutput.store(true, ordering: .relaxed)
        print(text)
        fflush(nil)
    }

    /// Prints a one-line message on standard error.
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
