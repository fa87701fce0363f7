import EventScope
import Foundation
import EventScopeTerminalUI
import Testing
@testable import EventScopeExplorer
@Suite("Issuing commands")
struct CommandTests {
    @Test func commandLineSendsACheckedCommandAndLogsItsOutcome() throws {
        var state = Fixtures.loaded()
        state.press(.char(":"))
        state.type("deposit account-7 amount=50")
        let effects = state.press(.enter)
        #expect(effects == [.sendCommand(id: 1, command: try state.config.catalog.validate(command: "deposit", stream: "account-7", fields: ["amount": "50"]))])
        #expect(state.overlay == nil)
        #expect(state.log.entries.last?.status == .running)

        var b = EventBuilder(start: 8)
        b.versions["account-7"] = 3
        b.add("account-7", "account.deposited", #"{"amount":50,"balance":80}"#)
        let result = CommandResult(streamID: "account-7", version: 4, events: b.events)
        _ = Explorer.update(&state, .commandFinished(id: 1, outcome: .accepted(result), latency: .microseconds(1_250)))
        #expect(state.log.entries.last?.status == .accepted(version: 4, events: ["account.deposited"]))
        let screen = state.screenText
        #expect(screen.contains("✓ deposit account-7 amount=50"))
        #expect(screen.contains("→ v4 account.deposited"))
        #expect(screen.contains("1.2ms"))
    }

    @Test func aRefusalShowsTheExactReason() {
        var state = Fixtures.loaded()
        state.press(.char(":"))
        state.type("withdraw account-7 amount=500")
        #expect(state.press(.enter).count == 1)
        let refusal = CommandError.refused("insufficient funds: balance is 30, cannot withdraw 500")
        _ = Explorer.update(&state, .commandFinished(id: 1, outcome: .rejected(refusal), latency: .microseconds(300)))
        #expect(state.log.entries.last?.status == .rejected(kind: "refused", reason: refusal.description))
        #expect(state.screenText.contains("refused: insufficient"))
        #expect(state.notice?.level == .error)
    }

    @Test(arguments: [
        ("increment", "syntax"),
        ("explode counter-1", "unknown_command"),
        ("increment widget-1", "unknown_category"),
        ("deposit account-7 amount=lots", "invalid_field"),
        ("deposit account-7", "invalid_field"),
        ("increment counter-1 \"unterminated", "syntax"),
    ])
    func malformedCommandsAreNeverSent(line: String, kind: String) {
        var state = Fixtures.loaded()
        state.press(.char(":"))
        state.type(line)
        let effects = state.press(.enter)
        #expect(effects.isEmpty, "nothing is sent for \(line)")
        guard case .rejected(let k, let reason)? = state.log.entries.last?.status else {
            Issue.record("not logged as rejected: \(String(describing: state.log.entries.last))")
            return
        }
        #expect(k == kind)
        #expect(!reason.isEmpty)
    }

    @Test func tabCompletesCommandsStreamsAndFields() {
        var state = Fixtures.loaded()
        state.press(.char(":"))
        state.type("incr")
        state.press(.tab)
        #expect(state.commandInput.text == "increment ")
        state.press(.tab)
        // counter-1 and counter-2 are known; the common prefix is filled in first.
        #expect(state.commandInput.text == "increment counter-")
        #expect(state.completion?.candidates == ["counter-1", "counter-2", "counter-"])
        state.press(.tab)
        #expect(state.commandInput.text == "increment counter-1")
        state.press(.tab)
        #expect(state.commandInput.text == "increment counter-2")

        state.press(.escape, .char(":"))
        state.type("deposit acc")
        state.press(.tab)
        #expect(state.commandInput.text == "deposit account-", "account-7, or a new account-…")
        state.press(.tab)
        #expect(state.commandInput.text == "deposit account-7")
        state.type(" am")
        state.press(.tab)
        #expect(state.commandInput.text == "deposit account-7 amount=")
    }

    @Test func historyBringsBackEarlierCommands() {
        var state = Fixtures.loaded()
        state.press(.char(":"))
        state.type("increment counter-1")
        state.press(.enter)
        state.press(.char(":"))
        state.type("create counter-3")
        state.press(.enter)
        state.press(.char(":"), .up)
        #expect(state.commandInput.text == "create counter-3")
        state.press(.up)
        #expect(state.commandInput.text == "increment counter-1")
    }

    @Test func formIsBuiltFromTheCatalogAndValidatesBeforeSending() throws {
        var state = Fixtures.loaded()
        state.press(.char("1"), .down)  // account-7
        state.press(.char("c"))
        guard case .form(let form)? = state.overlay else {
            Issue.record("no form")
            return
        }
        #expect(form.command.category == "account")
        #expect(form.stream.text == "account-7")
        // account-7 is open: the form is on deposit (open would be refused), focus on the
        // command row; then a bad amount.
        #expect(form.command.name == "deposit")
        #expect(form.focus == 0)
        #expect(state.screenText.contains("integer, required — a positive whole amount"))
        state.press(.tab, .tab)
        state.type("ten")
        let refused = state.press(.enter)
        #expect(refused.isEmpty)
        #expect(state.screenText.contains("expected a whole number"))
        state.press(.ctrl("u"))
        state.type("10")
        let effects = state.press(.enter)
        #expect(effects == [.sendCommand(id: 1, command: try state.config.catalog.validate(command: "deposit", stream: "account-7", fields: ["amount": "10"]))])
        #expect(state.overlay == nil)
        #expect(state.log.entries.last?.text == "deposit account-7 amount=10")
        state.press(.char(":"), .up)
        #expect(state.commandInput.text == "deposit account-7 amount=10", "form commands join the command-line history")
    }

    @Test func formRejectsAStreamOfAnotherCategory() {
        var state = Fixtures.loaded()
        state.press(.char("1"), .char("c"))  // counter-1: increment (it exists), the command row focused
        state.press(.tab)
        state.press(.ctrl("u"))
        state.type("oops")
        let effects = state.press(.enter)
        #expect(effects.isEmpty)
        #expect(state.screenText.contains("invalid stream"))
    }
}
