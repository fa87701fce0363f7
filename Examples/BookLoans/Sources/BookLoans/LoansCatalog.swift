import EventScope

/// The book-loans domain as the explorer and tools see it: its aggregates, commands, seed data
/// and traffic.
public enum LoansCatalog {
    /// A catalog with ``Book`` and ``Member`` and every command they take.
    public static func make() -> CommandCatalog {
        var catalog = CommandCatalog()
        catalog.register(Book.self, help: "A book: added once, then lent and returned; never lent twice at once")
        catalog.register("add", of: Book.self, help: "Add the book to the catalogue",
                         fields: [CommandField("title", .string, help: "the book's title")]) { v in
            Book.add(title: v.string("title") ?? "")
        }
        catalog.register("lend", of: Book.self, help: "Lend the book; refused if it is on loan",
                         fields: [CommandField("member", .string, help: "who borrows it")]) { v in
            Book.lend(to: v.string("member") ?? "")
        }
        catalog.register("return", of: Book.self, help: "Take the book back") { _ in Book.giveBack }

        let book = CommandField("book", .string, help: "the book's stream, e.g. book-dune")
        catalog.register(Member.self, help: "A member: holds at most \(Member.limit) books")
        catalog.register("join", of: Member.self, help: "Become a member",
                         fields: [CommandField("name", .string, help: "the member's name")]) { v in
            Member.join(name: v.string("name") ?? "")
        }
        catalog.register("borrow", of: Member.self, help: "Take a book; refused past \(Member.limit)", fields: [book]) { v in
            Member.borrow(v.string("book") ?? "")
        }
        catalog.register("bring-back", of: Member.self, help: "Bring a book back", fields: [book]) { v in
            Member.bringBack(v.string("book") ?? "")
        }
        catalog.demo = demo
        return catalog
    }

    /// What `S` seeds and `D` generates in the explorer.
    public static let demo = CatalogDemo(
        seed: DemoSeed("a few books and members", lines: [
            "add book-dune title=Dune", "add book-emma title=Emma", "add book-ulysses title=Ulysses",
            "join member-ada name='Ada Lovelace'", "join member-alan name='Alan Turing'",
            "lend book-dune member=member-ada", "borrow member-ada book=book-dune",
        ]),
        traffic: TrafficPlan(
            summary: "clients lending and taking back books", category: Book.category, idPrefix: "demo-",
            streamCount: 6, clients: 4,
            setup: [TrafficCommand("add", fields: ["title": "A demo book"])],
            commands: [TrafficCommand("lend", fields: ["member": "member-demo"]), TrafficCommand("return")],
            streamsNoun: "books", eventsNoun: "loans and returns"),
        examples: ["add book-1 title=Dune", "lend book-1 member=member-ada", "borrow member-ada book=book-1"])
}
