import EventScope
import Foundation

/// A shopping cart: items added until it is checked out.
public enum Cart: Aggregate {
    public struct State: Codable, Sendable, Equatable {
        public var openedAt: Date?
        public var items: [String: Int] = [:]
        public var total: Decimal = 0
        public var lastChange: Date?
        public var checkedOut = false
    }

    public static let category = "cart"
    public static let initialState = State()

    public static func registerEvents(in codec: inout EventCodec) {
        codec.register(CartOpened.self)
        codec.register(ItemAdded.self)
        codec.register(CartCheckedOut.self)
    }

    public static func apply(_ event: any DomainEvent, to state: State) -> State {
        var s = state
        switch event {
        case let e as CartOpened:
            s.openedAt = e.at
            s.lastChange = e.at
        case let e as ItemAdded:
            s.items[e.sku, default: 0] += e.quantity
            s.total += e.unitPrice * Decimal(e.quantity)
            s.lastChange = e.at
        case let e as CartCheckedOut:
            s.checkedOut = true
            s.lastChange = e.at
        default: break
        }
        return s
    }

    // MARK: - Decisions

    public static func open(at date: Date) -> Decision<Cart> {
        Decision { s in
            guard s.openedAt == nil else { throw CartRefusal.alreadyOpen }
            return [CartOpened(at: date)]
        }
    }

    public static func add(_ sku: String, quantity: Int, unitPrice: Decimal, at date: Date) -> Decision<Cart> {
        Decision { s in
            guard s.openedAt != nil else { throw CartRefusal.notOpen }
            guard !s.checkedOut else { throw CartRefusal.checkedOut }
            guard quantity > 0 else { throw CartRefusal.badQuantity(quantity) }
            return [ItemAdded(sku: sku, quantity: quantity, unitPrice: unitPrice, at: date)]
        }
    }

    public static func checkOut(at date: Date) -> Decision<Cart> {
        Decision { s in
            guard s.openedAt != nil, !s.checkedOut else { throw CartRefusal.checkedOut }
            guard !s.items.isEmpty else { throw CartRefusal.empty }
            return [CartCheckedOut(at: date, total: s.total)]
        }
    }
}

/// Why the cart refuses a command: a type of the application's own, which callers switch on
/// (`CommandError.refused(let refusal)`, `refusal.error as? CartRefusal`).
public enum CartRefusal: DomainRefusal, Equatable {
    case alreadyOpen, notOpen, checkedOut, empty
    case badQuantity(Int)

    public var message: String {
        switch self {
        case .alreadyOpen: return "the cart is already open"
        case .notOpen: return "the cart is not open; open it first"
        case .checkedOut: return "the cart is checked out"
        case .empty: return "the cart is empty; add an item first"
        case .badQuantity(let n): return "quantity must be at least 1, got \(n)"
        }
    }
}

public struct CartOpened: DomainEvent, Equatable {
    public static let eventType: EventType = "cart.opened"
    public var at: Date
    public init(at: Date) { self.at = at }
}

public struct ItemAdded: DomainEvent, Equatable {
    public static let eventType: EventType = "cart.item-added"
    public var sku: String
    public var quantity: Int
    public var unitPrice: Decimal
    public var at: Date
    public init(sku: String, quantity: Int, unitPrice: Decimal, at: Date) {
        (self.sku, self.quantity, self.unitPrice, self.at) = (sku, quantity, unitPrice, at)
    }
}

public struct CartCheckedOut: DomainEvent, Equatable {
    public static let eventType: EventType = "cart.checked-out"
    public var at: Date
    public var total: Decimal
    public init(at: Date, total: Decimal) { (self.at, self.total) = (at, total) }
}

extension CommandCatalog {
    /// The cart's catalog: its aggregate and events (commands are sent typed here).
    public static func shoppingCart() -> CommandCatalog {
        var catalog = CommandCatalog()
        catalog.register(Cart.self, help: "A shopping cart")
        return catalog
    }
}
