import EventScope
import EventScopeTerminalUI

extension Explorer {
    /// Tab on the command line: completes the word before the cursor — a command name, a
    /// stream name, or a field name — and on a second Tab cycles through the choices.
    static func complete(_ state: inout ExplorerState) {
        if var completion = state.completion, completion.candidates.count > 1 {
            completion.index = (completion.index + 1) % completion.candidates.count
            state.commandInput.text = completion.prefix + completion.candidates[completion.index]
            state.completion = completion
            return
        }
        let text = state.commandInput.text
        let endsWithSpace = text.last?.isWhitespace ?? true
        var words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        let word = endsWithSpace ? "" : (words.popLast() ?? "")
        let prefix = String(text.dropLast(word.count))
        let choices = candidates(state, words: words, word: word)
        guard !choices.isEmpty else {
            setNotice(&state, "no completion for \"\(word)\"")
            return
        }
        if choices.count == 1 {
            let choice = choices[0]
            let end = choice.hasSuffix("=") || choice.hasSuffix("-") ? "" : " "
            state.commandInput.text = prefix + choice + end
            state.completion = nil
            return
        }
        let common = commonPrefix(choices)
        if common.count > word.count {
            state.commandInput.text = prefix + common
            state.completion = Completion(prefix: prefix, candidates: choices, index: -1)
        } else {
            state.commandInput.text = prefix + choices[0]
            state.completion = Completion(prefix: prefix, candidates: choices, index: 0)
        }
    }

    /// What can complete `word` after `words`.
    static func candidates(_ state: ExplorerState, words: [String], word: String) -> [String] {
        let catalog = state.config.catalog
        let lower = word.lowercased()
        switch words.count {
        case 0:
            let names = Set(catalog.allCommands.map(\.name))
            return names.filter { $0.lowercased().hasPrefix(lower) }.sorted()
        case 1:
            let categories = Set(catalog.allCommands.filter { $0.name == words[0] }.map(\.category))
            var seen = Set<String>()
            var out: [String] = []
            let known = state.aggregates.rows.map(\.streamID) + state.tail.buffer.suffix(2_000).reversed().map(\.streamID)
            for id in known where categories.contains(id.category) && id.rawValue.lowercased().hasPrefix(lower) {
                if seen.insert(id.rawValue).inserted { out.append(id.rawValue) }
            }
            for category in categories.sorted() where "\(category)-".hasPrefix(lower) && !seen.contains("\(category)-") {
                out.append("\(category)-")
            }
            return out
        default:
            let stream = StreamID(words[1])
            guard let command = catalog.command(words[0], category: stream.category) else { return [] }
            let given = Set(words.dropFirst(2).compactMap { $0.split(separator: "=").first.map(String.init) })
            return command.fields.filter { !given.contains($0.name) }.map { "\($0.name)=" }.filter { $0.lowercased().hasPrefix(lower) }
        }
    }

    static func commonPrefix(_ strings: [String]) -> String {
        guard var prefix = strings.first else { return "" }
        for s in strings.dropFirst() {
            while !s.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }
}
