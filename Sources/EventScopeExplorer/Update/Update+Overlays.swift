import EventScope
import Foundation
import EventScopeTerminalUI

extension Explorer {
    /// Keys while an overlay is open: its bindings in the key table first; any other key goes
    /// to its text field, if it has one.
    static func handleOverlayKey(_ state: inout ExplorerState, _ key: Key) -> [ExplorerEffect] {
        switch state.overlay {
        case .commandLine?: return commandLineKey(&state, key)
        case .prompt(let prompt)?: return promptKey(&state, prompt, key)
        case .form(let form)?: return formKey(&state, form, key)
        case .help(let scroll)?:
            switch state.keyMap.action(for: key, in: .helpScreen) {
            case .cancel?: state.overlay = nil
            case .down?: state.overlay = .help(scroll: scroll + 1)
            case .up?: state.overlay = .help(scroll: max(0, scroll - 1))
            case .pageDown?: state.overlay = .help(scroll: scroll + 10)
            case .pageUp?: state.overlay = .help(scroll: max(0, scroll - 10))
            case .top?: state.overlay = .help(scroll: 0)
            default: break
            }
            return []
        case .xray(let xray)?:
            return xrayKey(&state, xray, key)
        case .offerSeed?:
            switch state.keyMap.action(for: key, in: .seedOffer) {
            case .accept?:
                state.overlay = nil
                return perform(&state, .seed)
            case .cancel?:
                state.overlay = nil
            default: break
            }
            return []
        case nil:
            return []
        }
    }

    // MARK: - Command line

    static func commandLineKey(_ state: inout ExplorerState, _ key: Key) -> [ExplorerEffect] {
        switch state.keyMap.action(for: key, in: .commandLine) {
        case .cancel?:
            state.overlay = nil
            state.completion = nil
            state.commandInput.clear()
            return []
        case .complete?:
            complete(&state)
            return []
        case .submit?:
            state.completion = nil
            let text = state.commandInput.submit()
            state.overlay = nil
            guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { return [] }
            return submitCommandLine(&state, text)
        default:
            state.completion = nil
            state.commandInput.handle(key)
            return []
        }
    }

    /// Parses, checks and sends a command line; a malformed or invalid one is logged with its
    /// reason and never sent.
    static func submitCommandLine(_ state: inout ExplorerState, _ text: String) -> [ExplorerEffect] {
        let parsed: ParsedCommand
        do {
            parsed = try CommandCatalog.parse(text)
        } catch {
            return logRejected(&state, text, error)
        }
        return send(&state, text: text, name: parsed.name, stream: parsed.stream, fields: parsed.fields)
    }

    static func send(_ state: inout ExplorerState, text: String, name: String, stream: String, fields: [String: String]) -> [ExplorerEffect] {
        let command: ValidatedCommand
        do {
            command = try state.config.catalog.validate(command: name, stream: stream, fields: fields)
        } catch {
            return logRejected(&state, text, error)
        }
        let id = state.log.nextID
        state.log.nextID += 1
        state.log.append(CommandLogEntry(id: id, text: text, sentAt: state.now, status: .running, latency: nil, stream: command.streamID))
        return [.sendCommand(id: id, command: command)]
    }

    static func logRejected(_ state: inout ExplorerState, _ text: String, _ error: any Error) -> [ExplorerEffect] {
        let commandError = error as? CommandError ?? .syntax(String(describing: error))
        let id = state.log.nextID
        state.log.nextID += 1
        state.log.append(CommandLogEntry(
            id: id, text: text, sentAt: state.now,
            status: .rejected(kind: commandError.kind, reason: commandError.description), latency: nil))
        setNotice(&state, "✗ \(text): \(commandError.description)", .error)
        return []
    }

    // MARK: - Prompts

    static func promptKey(_ state: inout ExplorerState, _ prompt: PromptState, _ key: Key) -> [ExplorerEffect] {
        var prompt = prompt
        switch state.keyMap.action(for: key, in: .prompt) {
        case .cancel?:
            state.overlay = nil
            return []
        case .submit?:
            return answer(&state, prompt)
        default:
            prompt.input.handle(key)
            prompt.error = nil
            state.overlay = .prompt(prompt)
            // Filters apply as they are typed.
            switch prompt.purpose {
            case .filterEvents:
                applyEventFilter(&state, prompt.input.text)
            default:
                break
            }
            return []
        }
    }

    static func applyEventFilter(_ state: inout ExplorerState, _ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        state.tail.filter = trimmed.isEmpty ? nil : trimmed
        state.tail.selectNewest()
    }

    static func answer(_ state: inout ExplorerState, _ prompt: PromptState) -> [ExplorerEffect] {
        var prompt = prompt
        let text = prompt.input.text.trimmingCharacters(in: .whitespaces)
        switch prompt.purpose {
        case .filterAggregates:
            state.overlay = nil
            state.aggregates.query.contains = text.isEmpty ? nil : text
            state.aggregates.list = ListState(selected: 0)
            return [reloadAggregates(&state)]
        case .filterEvents:
            state.overlay = nil
            applyEventFilter(&state, text)
            // What is held was filtered as it was typed; the rest of the store is searched now.
            let token = state.takeToken()
            return state.tail.startSearch(token: token, limit: state.config.tailCapacity).map { [$0] } ?? []
        case .goToPosition:
            guard let value = Int64(text.trimmingCharacters(in: CharacterSet(charactersIn: "#"))), value >= 1 else {
                prompt.error = "a position is a whole number from 1"
                state.overlay = .prompt(prompt)
                return []
            }
            state.overlay = nil
            return goTo(&state, GlobalPosition(value))
        case .goToVersion:
            // Any version up to the store's head, held or not.
            let head = state.inspector.aggregate?.head.value ?? 0
            guard let value = Int64(text.replacingOccurrences(of: ",", with: "").trimmingCharacters(in: CharacterSet(charactersIn: "v#"))),
                  value >= 1, value <= head else {
                prompt.error = "no such version (1…\(head))"
                state.overlay = .prompt(prompt)
                return []
            }
            state.overlay = nil
            state.focus = .inspector
            return travel(&state, to: StreamVersion(value))
        }
    }

    /// Shows the tail at `position`: selected in place when in memory, else loaded from the store.
    static func goTo(_ state: inout ExplorerState, _ position: GlobalPosition) -> [ExplorerEffect] {
        state.focus = .events
        let events = state.tail.mode == .follow ? state.tail.buffer : state.tail.frozen
        if let first = events.first, let last = events.last, position >= first.position, position <= last.position {
            state.tail.freeze(as: .paused)
            state.tail.filter = nil
            state.tail.list.selected = state.tail.shown.firstIndex { $0.position >= position }
            return []
        }
        if position > state.tail.head, state.tail.started {
            setNotice(&state, "position \(position) is past the newest event (\(state.tail.head))", .error)
            return []
        }
        let token = state.takeToken()
        state.tail.pendingToken = token
        state.tail.gotoTarget = position
        state.tail.filter = nil
        if state.tail.mode == .step { state.tail.mode = .paused }
        let from = GlobalPosition(max(1, position.value - 50))
        return [.loadEvents(token: token, from: from, limit: 500)]
    }

    // MARK: - Form

    static func formKey(_ state: inout ExplorerState, _ form: FormState, _ key: Key) -> [ExplorerEffect] {
        var form = form
        let action = (form.focus == 0 ? state.keyMap.action(for: key, in: .formChooser) : nil)
            ?? state.keyMap.action(for: key, in: .form)
        switch action {
        case .cancel?:
            state.overlay = nil
            return []
        case .nextField?:
            form.focus = (form.focus + 1) % form.rowCount
        case .previousField?:
            form.focus = (form.focus + form.rowCount - 1) % form.rowCount
        case .nextOrSubmit?:
            if form.focus == form.rowCount - 1 {
                return submitForm(&state, form)
            }
            form.focus += 1
        case .submit?:
            return submitForm(&state, form)
        case .previousChoice?:
            form.choose((form.commandIndex + form.commands.count - 1) % form.commands.count)
            form.problems[form.focus] = nil
            form.error = nil
        case .nextChoice?:
            form.choose((form.commandIndex + 1) % form.commands.count)
            form.problems[form.focus] = nil
            form.error = nil
        default:
            if form.focus == 1 {
                form.stream.handle(key)
            } else if form.focus >= 2 {
                form.fields[form.focus - 2].handle(key)
            }
            form.problems[form.focus] = nil
            form.error = nil
        }
        state.overlay = .form(form)
        return []
    }

    static func submitForm(_ state: inout ExplorerState, _ form: FormState) -> [ExplorerEffect] {
        var form = form
        form.problems = [:]
        form.error = nil
        for (i, field) in form.command.fields.enumerated() {
            let text = form.fields[i].text
            if text.isEmpty {
                if field.required { form.problems[i + 2] = "required: \(field.help)" }
            } else if let problem = field.problem(with: text) {
                form.problems[i + 2] = problem
            }
        }
        do {
            _ = try state.config.catalog.validate(command: form.command.name, stream: form.stream.text, fields: form.values)
        } catch {
            let message = (error as? CommandError)?.description ?? String(describing: error)
            switch error as? CommandError {
            case .invalidStream?, .unknownCategory?: form.problems[1] = message
            case .invalidField? where !form.problems.isEmpty: break  // already shown by the field
            default: form.error = message
            }
        }
        guard form.problems.isEmpty, form.error == nil else {
            form.focus = form.problems.keys.min() ?? form.focus
            state.overlay = .form(form)
            return []
        }
        state.overlay = nil
        let line = form.commandLine
        if state.commandInput.history.last != line {
            var input = TextInputState(text: line, history: state.commandInput.history)
            _ = input.submit()
            state.commandInput = input
        }
        return send(&state, text: line, name: form.command.name, stream: form.stream.text, fields: form.values)
    }
}
