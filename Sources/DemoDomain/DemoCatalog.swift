import EventSourcing

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
        catalog.register("close", of: BankAccount.self, help: "Close the account; refused unless the balance is 0") { _ in
            BankAccount.close
        }
    }
}
