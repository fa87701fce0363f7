/// The fields one state change added, removed or changed, by path to each leaf value.
enum JSONDiff {
    /// Compares `old` and `new` leaf by leaf. A leaf is a scalar or an empty container.
    static func changes(from old: JSONValue?, to new: JSONValue) -> [JSONPath: FieldChange] {
        let before = old.map { leaves($0) } ?? [:]
        let after = leaves(new)
        var result: [JSONPath: FieldChange] = [:]
        for (path, value) in after {
            if let was = before[path] {
                if was != value { result[path] = .changed(old: was) }
            } else {
                result[path] = .added
            }
        }
        for (path, was) in before where after[path] == nil {
            result[path] = .removed(old: was)
        }
        // A root that is not an object (e.g. `null` → `{...}`) is not itself a change of a field.
        if case .changed? = result[[]] {} else { result[[]] = nil }
        return result
    }

    static func leaves(_ value: JSONValue, path: JSONPath = []) -> [JSONPath: JSONValue] {
        var out: [JSONPath: JSONValue] = [:]
        switch value {
        case .object(let members) where !members.isEmpty:
            for m in members { out.merge(leaves(m.value, path: path + [m.key])) { a, _ in a } }
        case .array(let items) where !items.isEmpty:
            for (i, item) in items.enumerated() { out.merge(leaves(item, path: path + ["[\(i)]"])) { a, _ in a } }
        default:
            out[path] = value
        }
        return out
    }
}
