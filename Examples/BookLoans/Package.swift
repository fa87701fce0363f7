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
        .target(name: "BookLoans", dependencies: [.product(name: "EventScope", package: "EventScope")]),
        // Wiring: open the store, pick the curses backend, run the explorer.
        .executableTarget(
            name: "book-loans",
            dependencies: [
                "BookLoans",
                .product(name: "EventScope", package: "EventScope"),
                .product(name: "EventScopeSQLite", package: "EventScope"),
                .product(name: "EventScopeExplorerRuntime", package: "EventScope"),
                .product(name: "EventScopeCurses", package: "EventScope"),
                .product(name: "EventScopeTerminalUI", package: "EventScope"),
            ]
        ),
        .testTarget(
            name: "BookLoansTests",
            dependencies: [
                "BookLoans",
                .product(name: "EventScope", package: "EventScope"),
                .product(name: "EventScopeExplorerRuntime", package: "EventScope"),
                .product(name: "EventScopeExplorer", package: "EventScope"),
                .product(name: "EventScopeTerminalUI", package: "EventScope"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
