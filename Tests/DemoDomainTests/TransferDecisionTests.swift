import EventScope
import EventScopeDemo
import EventScopeTesting
import Foundation
import Testing

/// Each side of a transfer decides once and records its decision in its own stream, so a step
/// sent again (a replay, a second process manager) moves no money twice.
@Suite("BankAccount transfers: each account settles a transfer once")
struct TransferDecisionTests {
    let codec = DemoCatalog.make().codec
    let transfer = UUID(uuidString: "00000000-0000-4000-8000-000000000042")!
    let opened = AccountOpened(owner: "Alan")

    private func events(_ result: Result<[any DomainEvent], any Error>) -> [String] {
        result.eventsDescription(codec) ?? ["refused: \(result.refusal ?? "?")"]
    }

    @Test("a target never opened or closed records a rejection, with the reason, instead of refusing")
    func rejection() {
        let receive = BankAccount.receiveTransfer(transfer, from: "account-ada", amount: 30)
        #expect(events(AggregateScenario<BankAccount>.given().when(receive)).first?.hasPrefix("account.transfer-rejected") == true)
        #expect(events(AggregateScenario<BankAccount>.given().when(receive)).first?.contains("account not opened; open it first") == true)
        #expect(events(AggregateScenario<BankAccount>.given(opened, AccountClosed()).when(receive)).first?.contains("account is closed") == true)
        let full = AggregateScenario<BankAccount>.given(opened, MoneyDeposited(amount: Int.max, balance: Int.max))
        #expect(events(full.when(receive)).first?.hasPrefix("account.transfer-rejected") == true)
    }

    @Test("a target that rejected a transfer records nothing for it once opened; one that received it, nothing again")
    func targetDecidesOnce() {
        let receive = BankAccount.receiveTransfer(transfer, from: "account-ada", amount: 30)
        let rejected = TransferRejected(transfer: transfer, from: "account-ada", amount: 30, reason: "account not opened; open it first")
        #expect(events(AggregateScenario<BankAccount>.given(rejected, opened).when(receive)) == [])
        #expect(BankAccount.fold([rejected, opened]).status == .open, "a rejection does not stop the account being opened")
        let received = TransferReceived(transfer: transfer, from: "account-ada", amount: 30, balance: 30)
        #expect(events(AggregateScenario<BankAccount>.given(opened, received).when(receive)) == [])
        #expect(events(AggregateScenario<BankAccount>.given(opened).when(receive)) == [#"account.transfer-received {"amount":30,"balance":30,"from":"account-ada","transfer":"00000000-0000-4000-8000-000000000042"}"#])
    }

    @Test("the source pays a transfer out once and is refunded once; a refund of a transfer it never paid out is refused")
    func sourceSettlesOnce() {
        let deposited = MoneyDeposited(amount: 100, balance: 100)
        let sent = TransferSent(transfer: transfer, to: "account-late", amount: 30, balance: 70)
        let send = BankAccount.sendTransfer(transfer, to: "account-late", amount: 30)
        let refund = BankAccount.refundTransfer(transfer, to: "account-late", amount: 30, reason: "account-late: account is closed")
        #expect(events(AggregateScenario<BankAccount>.given(opened, deposited, sent).when(send)) == [])
        #expect(events(AggregateScenario<BankAccount>.given(opened, deposited, sent).when(refund)).first?.hasPrefix(#"account.transfer-refunded {"amount":30,"balance":100"#) == true)
        let refunded = TransferRefunded(transfer: transfer, to: "account-late", amount: 30, balance: 100, reason: "account-late: account is closed")
        #expect(events(AggregateScenario<BankAccount>.given(opened, deposited, sent, refunded).when(refund)) == [])
        #expect(events(AggregateScenario<BankAccount>.given(opened, deposited, sent, refunded).when(send)) == [], "a refunded transfer is not paid out again")
        #expect(AggregateScenario<BankAccount>.given(opened, deposited).when(refund).refusal?.contains("was not paid out of this account") == true)
        let declined = TransferDeclined(transfer: transfer, to: "account-late", amount: 30, reason: "insufficient funds: balance is 0")
        #expect(events(AggregateScenario<BankAccount>.given(opened, deposited, declined).when(send)) == [])
    }

    @Test("the state reads a snapshot written before it kept transfers, and writes the settled transfers only when there are some")
    func stateCoding() throws {
        let old = try JSONDecoder().decode(BankAccount.State.self, from: Data(#"{"owner":"Ada","balance":70,"status":"open"}"#.utf8))
        #expect(old == BankAccount.State(owner: "Ada", balance: 70, status: .open))
        let plain = String(decoding: try JSONEncoder().encode(old), as: UTF8.self)
        #expect(!plain.contains("outgoing") && !plain.contains("incoming"))
        let state = BankAccount.fold([opened, TransferReceived(transfer: transfer, from: "account-ada", amount: 30, balance: 30)])
        let again = try JSONDecoder().decode(BankAccount.State.self, from: try JSONEncoder().encode(state))
        #expect(again == state && again.incoming == [transfer])
    }
}
