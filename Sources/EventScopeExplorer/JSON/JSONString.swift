/// JSON string literals that are safe to show in a terminal: the one escaping rule the
/// explorer and the command line share.
public enum JSONString {
    /// Appends `s` as a JSON string literal. Control characters (C0, DEL and C1) stay escaped
    /// (`\u001b`), so nothing in event data can reach the terminal raw.
    public static func quote(_ s: String, into out: inout String) {
        out += "\""
        // Most strings need no escaping: append them whole (0xC2 leads every C1 control).
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F || $0 == 0xC2 }) {
            out += s
            out += "\""
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// `s` as a JSON string literal (see ``quote(_:into:)``).
    public static func quote(_ s: String) -> String {
        var out = ""
        quote(s, into: &out)
        return out
    }
}
