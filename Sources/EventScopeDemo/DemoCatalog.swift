import EventScope

/// The demo domain's catalog: counters and bank accounts with their commands.
public enum DemoCatalog {
    /// A catalog with ``Counter`` and ``BankAccount`` and every command they take.
    public static func make() -> CommandCatalog {
        var catalog = CommandCatalog()
        register(in: &catalog)
        return catalog
    }

    /// Adds the demo aggregates and commands to an existing catalog.
    public static func register(in catalog: inout CommandCatalog) {
        catalog.register(Counter.self, help: "A counter: create it, then increment it")
        catalog.register("create", of: Counter.self, help: "Create the counter at 0") { _ in Counter.create }
        catalog.register("increment", of: Counter.self, help: "Add one to the counter") { _ in Counter.increment }

        let amount = CommandField("amount", .integer, help: "a positive whole amount")
        catalog.register(BankAccount.self, help: "A bank account that refuses overdrafts")
        catalog.register("open", of: BankAccount.self, help: "Open the account for an owner",
                         fields: [CommandField("owner", .string, help: "the owner's name")]) { v in
            BankAccount.open(owner: v.string("owner") ?? "")
        }
        catalog.register("deposit", of: BankAccount.self, help: "Put money in", fields: [amount]) { v in
            BankAccount.deposit(v.int("amount") ?? 0)
        }
        catalog.register("withdraw", of: BankAccount.self, help: "Take money out; refused if it would overdraw", fields: [amount]) { v in
            BankAccount.withdraw(v.int("amount") ?? 0)
        }
        catalog.register(
            "transfer", of: BankAccount.self,
            help: "Move money to another account: records the request; the transfers process manager withdraws, deposits, or refunds",
            fields: [CommandField("to", .string, help: "the target account's stream, e.g. account-alan"), amount]
        ) { v in
            BankAccount.requestTransfer(to: v.string("to") ?? "", amount: v.int("amount") ?? 0)
        }
        catalog.register("close", of: BankAccount.self, help: "Close the account; refused unless the balance is 0") { _ in
            BankAccount.close
        }
        catalog.demo = demo
    }

    /// What the explorer's `S` and `D` keys and `eventscope demo` do with this domain.
    public static let demo = CatalogDemo(
        seed: DemoSeed("demo counters and accounts", lines: [
            "create counter-1", "increment counter-1", "increment counter-1", "increment counter-1",
            "create counter-2", "increment counter-2",
            "create counter-3",
            "open account-ada owner='Ada Lovelace'", "deposit account-ada amount=120", "withdraw account-ada amount=45", "deposit account-ada amount=10",
            "open account-alan owner='Alan Turing'", "deposit account-alan amount=300",
            "open account-grace owner='Grace Hopper'", "deposit account-grace amount=25", "withdraw account-grace amount=25", "close account-grace",
        ]),
        traffic: TrafficPlan(
            summary: "clients incrementing counters", category: Counter.category, idPrefix: "demo-", streamCount: 4, clients: 8,
            setup: [TrafficCommand("create")], commands: [TrafficCommand("increment")],
            streamsNoun: "counters", eventsNoun: "increments"),
        examples: ["create counter-1", "increment counter-1", "deposit account-7 amount=50"])
}
