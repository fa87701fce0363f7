import EventScope

/// A member of the library: joins, then borrows and brings back books. A member may hold at
/// most ``limit`` books at a time.
public enum Member: Aggregate {
    /// The most books a member may hold.
    public static let limit = 3

    public struct State: Codable, Sendable, Equatable {
        /// `nil` until the member joins.
        public var name: String?
        /// The books held now.
        public var holding: [String] = []
    }

    public static let category = "member"
    public static let initialState = State()

    public static func registerEvents(in codec: inout EventCodec) {
        codec.register(MemberJoined.self)
        codec.register(BookBorrowed.self)
        codec.register(BookBroughtBack.self)
    }

    public static func apply(_ event: any DomainEvent, to state: State) -> State {
        var state = state
        switch event {
        case let e as MemberJoined: state.name = e.name
        case let e as BookBorrowed: state.holding.append(e.book)
        case let e as BookBroughtBack: state.holding.removeAll { $0 == e.book }
        default: break
        }
        return state
    }

    /// The member joins; refused if already a member.
    public static func join(name: String) -> Decision<Member> {
        Decision { state in
            guard state.name == nil else { throw DomainError("already a member") }
            return [MemberJoined(name: name)]
        }
    }

    /// The member takes `book`; refused past the limit or if they hold it already.
    public static func borrow(_ book: String) -> Decision<Member> {
        Decision { state in
            guard state.name != nil else { throw DomainError("not a member; join first") }
            guard !state.holding.contains(book) else { throw DomainError("already holds \(book)") }
            guard state.holding.count < limit else {
                throw DomainError("holds \(state.holding.count) books already (at most \(limit)); bring one back first")
            }
            return [BookBorrowed(book: book)]
        }
    }

    /// The member brings `book` back; refused if they do not hold it.
    public static func bringBack(_ book: String) -> Decision<Member> {
        Decision { state in
            guard state.holding.contains(book) else { throw DomainError("does not hold \(book)") }
            return [BookBroughtBack(book: book)]
        }
    }
}

/// Someone joined the library.
public struct MemberJoined: DomainEvent, Equatable {
    public static let eventType: EventType = "member.joined"
    public var name: String
}

/// A member took a book.
public struct BookBorrowed: DomainEvent, Equatable {
    public static let eventType: EventType = "member.borrowed"
    public var book: String
}

/// A member brought a book back.
public struct BookBroughtBack: DomainEvent, Equatable {
    public static let eventType: EventType = "member.brought_back"
    public var book: String
}
