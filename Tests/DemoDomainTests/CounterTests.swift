import EventScopeDemo
import EventScope
import EventScopeTesting
import Testing

@Suite("Counter: given / when / then")
struct CounterTests {
    let codec = DemoCatalog.make().codec

    @Test("creating a new counter starts it at 0")
    func create() {
        let then = AggregateScenario<Counter>.given().when(Counter.create)
        #expect(then.eventsDescription(codec) == ["counter.created {}"])
        #expect(Counter.fold([CounterCreated()]) == Counter.State(count: 0))
    }

    @Test("creating twice is refused with \"already created\"")
    func createTwice() {
        #expect(AggregateScenario<Counter>.given(CounterCreated()).when(Counter.create).refusal == "already created")
    }

    @Test("incrementing records the new count")
    func increment() {
        let then = AggregateScenario<Counter>.given(CounterCreated(), CounterIncremented(count: 1)).when(Counter.increment)
        #expect(then.eventsDescription(codec) == [#"counter.incremented {"count":2}"#])
    }

    @Test("incrementing a counter that was never created is refused")
    func incrementMissing() {
        #expect(AggregateScenario<Counter>.given().when(Counter.increment).refusal == "counter does not exist; create it first")
    }

    @Test("increment |> increment is one atomic unit of two events")
    func chained() {
        let then = AggregateScenario<Counter>.given(CounterCreated()).when(Counter.increment.then(Counter.increment))
        #expect(then.eventsDescription(codec) == [#"counter.incremented {"count":1}"#, #"counter.incremented {"count":2}"#])
    }
}

@Suite("BankAccount: given / when / then")
struct BankAccountTests {
    let codec = DemoCatalog.make().codec
    let opened = AccountOpened(owner: "Ada")

    @Test("open, deposit and withdraw record the new balance")
    func happyPath() {
        #expect(AggregateScenario<BankAccount>.given().when(BankAccount.open(owner: " Ada ")).eventsDescription(codec) == [#"account.opened {"owner":"Ada"}"#])
        #expect(AggregateScenario<BankAccount>.given(opened).when(BankAccount.deposit(50)).eventsDescription(codec) == [#"account.deposited {"amount":50,"balance":50}"#])
        #expect(AggregateScenario<BankAccount>.given(opened, MoneyDeposited(amount: 50, balance: 50)).when(BankAccount.withdraw(20)).eventsDescription(codec) == [#"account.withdrawn {"amount":20,"balance":30}"#])
        let state = BankAccount.fold([opened, MoneyDeposited(amount: 50, balance: 50), MoneyWithdrawn(amount: 20, balance: 30)])
        #expect(state == BankAccount.State(owner: "Ada", balance: 30, status: .open))
    }

    @Test("a withdrawal that would overdraw is refused")
    func overdraw() {
        let then = AggregateScenario<BankAccount>.given(opened, MoneyDeposited(amount: 50, balance: 50)).when(BankAccount.withdraw(80))
        #expect(then.refusal == "insufficient funds: balance is 50, cannot withdraw 80")
    }

    @Test("commands on a closed or unopened account are refused")
    func closedOrMissing() {
        let closed = AggregateScenario<BankAccount>.given(opened, AccountClosed())
        #expect(closed.when(BankAccount.deposit(5)).refusal == "account is closed")
        #expect(closed.when(BankAccount.withdraw(5)).refusal == "account is closed")
        #expect(closed.when(BankAccount.close).refusal == "account is closed")
        #expect(AggregateScenario<BankAccount>.given().when(BankAccount.deposit(5)).refusal == "account not opened; open it first")
        #expect(AggregateScenario<BankAccount>.given(opened).when(BankAccount.open(owner: "Bob")).refusal == "account already opened")
    }

    @Test("amounts must be positive and an account with money cannot close")
    func invariants() {
        #expect(AggregateScenario<BankAccount>.given(opened).when(BankAccount.deposit(0)).refusal == "amount must be positive, got 0")
        #expect(AggregateScenario<BankAccount>.given(opened).when(BankAccount.withdraw(-3)).refusal == "amount must be positive, got -3")
        #expect(AggregateScenario<BankAccount>.given(opened, MoneyDeposited(amount: 5, balance: 5)).when(BankAccount.close).refusal == "balance is 5; withdraw it before closing")
        #expect(AggregateScenario<BankAccount>.given(opened).when(BankAccount.close).eventsDescription(codec) == ["account.closed {}"])
    }

    // Values at the edges of what a rule accepts are refused with a reason, never a trap.
    @Test("edges: the largest balance, the largest count, a very long owner")
    func edges() {
        let rich = AggregateScenario<BankAccount>.given(opened, MoneyDeposited(amount: Int.max, balance: Int.max))
        #expect(rich.when(BankAccount.deposit(1)).refusal == "a balance of \(Int.max) cannot take 1 more: the largest balance is \(Int.max)")
        #expect(rich.when(BankAccount.withdraw(Int.max)).eventsDescription(codec) == [#"account.withdrawn {"amount":\#(Int.max),"balance":0}"#])
        #expect(AggregateScenario<BankAccount>.given(opened).when(BankAccount.deposit(Int.max)).eventsDescription(codec)?.count == 1)
        #expect(AggregateScenario<BankAccount>.given(opened).when(BankAccount.withdraw(Int.min)).refusal == "amount must be positive, got \(Int.min)")
        let long = String(repeating: "a", count: 201)
        #expect(AggregateScenario<BankAccount>.given().when(BankAccount.open(owner: long)).refusal == "owner name is 201 characters long; the most is 200")
        #expect(AggregateScenario<BankAccount>.given().when(BankAccount.open(owner: String(long.dropFirst()))).refusal == nil)
        let top = AggregateScenario<Counter>.given(CounterCreated(), CounterIncremented(count: Int.max))
        #expect(top.when(Counter.increment).refusal == "counter is at its largest value, \(Int.max)")
    }

    @Test("integer fields: out of range is said as such")
    func integerFieldEdges() {
        let field = CommandField("amount", .integer, help: "")
        #expect(field.problem(with: "9223372036854775807") == nil)
        #expect(field.problem(with: "-9223372036854775808") == nil)
        #expect(field.problem(with: "9223372036854775808") == "9223372036854775808 is out of range: whole numbers go from \(Int.min) to \(Int.max)")
        #expect(field.problem(with: "12abc") == #"expected a whole number, got "12abc""#)
        #expect(field.problem(with: "") == #"expected a whole number, got """#)
    }
}

@Suite("Demo catalog through the engine")
struct DemoCatalogTests {
    @Test("the catalog runs the demo commands from text, as the CLI and explorer do")
    func textCommands() async throws {
        let store = InMemoryEventStore()
        let engine = Engine(store: store, catalog: DemoCatalog.make())
        _ = try await engine.send(command: "create", stream: "counter-1", fields: [:])
        let inc = try await engine.send(command: "increment", stream: "counter-1", fields: [:])
        #expect(inc.version == 2)
        await #expect(throws: CommandError.refused("already created")) {
            try await engine.send(command: "create", stream: "counter-1", fields: [:])
        }
        _ = try await engine.send(command: "open", stream: "account-7", fields: ["owner": "Ada"])
        _ = try await engine.send(command: "deposit", stream: "account-7", fields: ["amount": "50"])
        await #expect(throws: CommandError.refused("insufficient funds: balance is 50, cannot withdraw 80")) {
            try await engine.send(command: "withdraw", stream: "account-7", fields: ["amount": "80"])
        }
        #expect(try await store.stats().eventCount == 4)
        let folded = engine.catalog.aggregates["counter"]!.fold(try await store.readStream("counter-1"), codec: engine.codec)
        #expect(String(decoding: folded.json, as: UTF8.self) == "{\n  \"count\" : 1\n}")
    }
}
