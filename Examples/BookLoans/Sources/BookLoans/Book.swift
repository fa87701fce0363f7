import EventScope

/// A book of the library: added to the catalogue, then lent and returned. A book already on
/// loan cannot be lent.
public enum Book: Aggregate {
    public struct State: Codable, Sendable, Equatable {
        /// `nil` until the book is added.
        public var title: String?
        /// Who has it, when it is on loan.
        public var borrower: String?
    }

    public static let category = "book"
    public static let initialState = State()

    public static func registerEvents(in codec: inout EventCodec) {
        codec.register(BookAdded.self)
        codec.register(BookLent.self)
        codec.register(BookReturned.self)
    }

    public static func apply(_ event: any DomainEvent, to state: State) -> State {
        var state = state
        switch event {
        case let e as BookAdded: state.title = e.title
        case let e as BookLent: state.borrower = e.member
        case is BookReturned: state.borrower = nil
        default: break
        }
        return state
    }

    /// Adds the book; refused if it is already in the catalogue.
    public static func add(title: String) -> Decision<Book> {
        Decision { state in
            guard state.title == nil else { throw DomainError("already in the catalogue") }
            guard !title.isEmpty else { throw DomainError("a book needs a title") }
            return [BookAdded(title: title)]
        }
    }

    /// Lends the book to `member`; refused if it is not in the catalogue or already on loan.
    public static func lend(to member: String) -> Decision<Book> {
        Decision { state in
            guard state.title != nil else { throw DomainError("no such book; add it first") }
            if let borrower = state.borrower { throw DomainError("already on loan to \(borrower)") }
            return [BookLent(member: member)]
        }
    }

    /// Takes the book back; refused unless it is on loan.
    public static let giveBack = Decision<Book> { state in
        guard let borrower = state.borrower else { throw DomainError("not on loan") }
        return [BookReturned(member: borrower)]
    }
}

/// A book entered the catalogue.
public struct BookAdded: DomainEvent, Equatable {
    public static let eventType: EventType = "book.added"
    public var title: String
}

/// A book was lent to a member.
public struct BookLent: DomainEvent, Equatable {
    public static let eventType: EventType = "book.lent"
    public var member: String
}

/// A book came back.
public struct BookReturned: DomainEvent, Equatable {
    public static let eventType: EventType = "book.returned"
    public var member: String
}
