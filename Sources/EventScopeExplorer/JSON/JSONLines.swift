import EventScopeTerminalUI

/// How a field changed between two states.
enum FieldChange: Hashable, Sendable {
    case added
    case changed(old: JSONValue)
    case removed(old: JSONValue)
}

/// A path to a value inside a JSON document: object keys and array indices.
typealias JSONPath = [String]

enum JSONLines {
    /// Pretty, coloured lines of `value`; leaves listed in `changes` get a gutter marker
    /// (`+` added, `~` changed with the old value) and removed ones are listed after.
    static func render(_ value: JSONValue, changes: [JSONPath: FieldChange] = [:], gutter: Bool = false) -> [Line] {
        var out: [Line] = []
        emit(value, path: [], key: nil, indent: 0, trailingComma: false, changes: changes, gutter: gutter, into: &out)
        let removed = changes.filter { if case .removed = $0.value { return true } else { return false } }
        for (path, change) in removed.sorted(by: { $0.key.joined(separator: ".") < $1.key.joined(separator: ".") }) {
            guard case .removed(let old) = change else { continue }
            out.append(Line([
                Span("- ", style: Theme.removed),
                Span(display(path), style: Theme.removed.adding(.underline)),
                Span(" removed (was ", style: Theme.removed),
                Span(old.compact, style: Theme.removed),
                Span(")", style: Theme.removed),
            ]))
        }
        return out
    }

    /// `a.b[2].c` for a path.
    static func display(_ path: JSONPath) -> String {
        var s = ""
        for p in path {
            if p.hasPrefix("[") { s += p } else { s += s.isEmpty ? p : ".\(p)" }
        }
        return s.isEmpty ? "(root)" : s
    }

    private static func emit(
        _ value: JSONValue, path: JSONPath, key: String?, indent: Int, trailingComma: Bool,
        changes: [JSONPath: FieldChange], gutter: Bool, into out: inout [Line]
    ) {
        var prefix: [Span] = []
        let change = changes[path]
        if gutter {
            switch change {
            case .added?: prefix.append(Span("+ ", style: Theme.added))
            case .changed?: prefix.append(Span("~ ", style: Theme.changed))
            default: prefix.append(Span("  "))
            }
        }
        prefix.append(Span(String(repeating: "  ", count: indent)))
        if let key { prefix += [Span(JSONValue.quote(key), style: Theme.jsonKey), Span(": ", style: Theme.jsonPunctuation)] }
        let comma = trailingComma ? [Span(",", style: Theme.jsonPunctuation)] : []
        switch value {
        case .object(let members) where !members.isEmpty:
            out.append(Line(prefix + [Span("{", style: Theme.jsonPunctuation)]))
            for (i, m) in members.enumerated() {
                emit(m.value, path: path + [m.key], key: m.key, indent: indent + 1, trailingComma: i < members.count - 1, changes: changes, gutter: gutter, into: &out)
            }
            out.append(Line((gutter ? [Span("  ")] : []) + [Span(String(repeating: "  ", count: indent)), Span("}", style: Theme.jsonPunctuation)] + comma))
        case .array(let items) where !items.isEmpty:
            out.append(Line(prefix + [Span("[", style: Theme.jsonPunctuation)]))
            for (i, item) in items.enumerated() {
                emit(item, path: path + ["[\(i)]"], key: nil, indent: indent + 1, trailingComma: i < items.count - 1, changes: changes, gutter: gutter, into: &out)
            }
            out.append(Line((gutter ? [Span("  ")] : []) + [Span(String(repeating: "  ", count: indent)), Span("]", style: Theme.jsonPunctuation)] + comma))
        default:
            var spans = prefix + [scalar(value)] + comma
            switch change {
            case .added?:
                spans = spans.map { Span($0.content, style: $0.style.patched(with: Theme.added)) }
            case .changed(let old)?:
                spans = spans.map { Span($0.content, style: $0.style.patched(with: Theme.changed)) }
                spans.append(Span("  was \(old.compact)", style: Theme.changed))
            default: break
            }
            out.append(Line(spans))
        }
    }

    private static func scalar(_ value: JSONValue) -> Span {
        switch value {
        case .string: return Span(value.compact, style: Theme.jsonString)
        case .number: return Span(value.compact, style: Theme.jsonNumber)
        case .bool, .null: return Span(value.compact, style: Theme.jsonLiteral)
        case .object: return Span("{}", style: Theme.jsonPunctuation)
        case .array: return Span("[]", style: Theme.jsonPunctuation)
        }
    }
}
