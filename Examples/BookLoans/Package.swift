// swift-tools-version: 6.0
import PackageDescription

// An application with a domain of its own (a library's book loans) that uses EventScope as a
// dependency: its own catalog, an SQLite store, and EventScope's explorer on top.
let package = Package(
    name: "BookLoans",
    platforms: [.macOS(.v15)],
    dependencies: [
        // Named, so that products resolve whatever the checkout directory is called.
        .package(name: "EventScope", path: "../.."),
    ],
    targets: [
        // The domain: pure event sourcing, no store, no UI.
        .target(name: "BookLoans", dependencies: [.product(name: "EventSourcing", package: "EventScope")]),
        // Wiring: open the store, pick the curses backend, run the explorer.
        .executableTarget(
            name: "book-loans",
            dependencies: [
                "BookLoans",
                .product(name: "EventSourcing", package: "EventScope"),
                .product(name: "SQLiteEventStore", package: "EventScope"),
                .product(name: "ExplorerRuntime", package: "EventScope"),
                .product(name: "TerminalUICurses", package: "EventScope"),
                .product(name: "TerminalUI", package: "EventScope"),
            ]
        ),
        .testTarget(
            name: "BookLoansTests",
            dependencies: [
                "BookLoans",
                .product(name: "EventSourcing", package: "EventScope"),
                .product(name: "ExplorerRuntime", package: "EventScope"),
                .product(name: "Explorer", package: "EventScope"),
                .product(name: "TerminalUI", package: "EventScope"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
