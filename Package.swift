// swift-tools-version: 6.0
import PackageDescription

// Module boundaries (DESIGN.md), enforced by the dependency arrows below:
// - EventScope knows no backend, no domain, no UI.
// - Stores depend on EventScope only, never on EventScopeDemo or on each other.
// - Only EventScopeCurses (and the executable) see curses; EventScopeTerminalUI and EventScopeExplorer are pure.
// - EventScopeExplorer is generic over the domain: it learns aggregates and commands from a catalog.
// - EventScopeExplorerRuntime runs it on any EventStore, any catalog and any TerminalBackend: it sees the
//   protocols only (no curses, no SQLite, no Redis, no demo domain).
let package = Package(
    name: "EventScope",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "EventScope", targets: ["EventScope"]),
        .library(name: "EventScopeTesting", targets: ["EventScopeTesting"]),
        .library(name: "EventScopeServices", targets: ["EventScopeServices"]),
        .library(name: "EventScopeSQLite", targets: ["EventScopeSQLite"]),
        .library(name: "EventScopeRedis", targets: ["EventScopeRedis"]),
        .library(name: "EventScopeTerminalUI", targets: ["EventScopeTerminalUI"]),
        .library(name: "EventScopeCurses", targets: ["EventScopeCurses"]),
        .library(name: "EventScopeExplorer", targets: ["EventScopeExplorer"]),
        .library(name: "EventScopeExplorerRuntime", targets: ["EventScopeExplorerRuntime"]),
        .library(name: "EventScopeStores", targets: ["EventScopeStores"]),
        .executable(name: "eventscope", targets: ["eventscope"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // `swift package generate-documentation --target EventScope` (no target depends on it).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .target(
            name: "EventScope",
            dependencies: [.product(name: "Logging", package: "swift-log"), .product(name: "Metrics", package: "swift-metrics")]
        ),
        // Engine and handlers as swift-service-lifecycle services (the core does not depend on it).
        .target(
            name: "EventScopeServices",
            dependencies: ["EventScope", .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")]
        ),
        .target(name: "EventScopeTesting", dependencies: ["EventScope"]),
        .target(
            name: "EventScopeSQLite",
            // GRDBSQLite: the reader of event rows steps statements through SQLite's C API.
            dependencies: [
                "EventScope", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        .systemLibrary(name: "CEventScopeHiredis", providers: [.apt(["libhiredis-dev"]), .brew(["hiredis"])]),
        .target(
            name: "EventScopeRedis",
            dependencies: ["EventScope", "CEventScopeHiredis", .product(name: "Logging", package: "swift-log")]
        ),
        .target(name: "EventScopeDemo", dependencies: ["EventScope"]),
        // The counters read model: a demo projection kept in SQLite (stores never see the domain).
        .target(
            name: "EventScopeDemoReadModels",
            dependencies: ["EventScopeDemo", "EventScope", "EventScopeSQLite", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(name: "EventScopeTerminalUI"),
        .systemLibrary(name: "CEventScopeNcursesw", providers: [.apt(["libncurses-dev"]), .brew(["ncurses"])]),
        .target(name: "EventScopeCurses", dependencies: ["EventScopeTerminalUI", "CEventScopeNcursesw"]),
        .target(name: "EventScopeExplorer", dependencies: ["EventScope", "EventScopeTerminalUI"]),
        // The explorer's runtime: effect loop, live feed, timers. Sees only the store and
        // backend protocols (no curses, no SQLite, no Redis, no demo domain).
        .target(name: "EventScopeExplorerRuntime", dependencies: ["EventScope", "EventScopeTerminalUI", "EventScopeExplorer"]),
        // The one place that knows the kinds of store: a location parsed from a URL, opened.
        .target(
            name: "EventScopeStores",
            dependencies: ["EventScope", "EventScopeSQLite", "EventScopeRedis", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // `eventscope bench`: the engine's, the store's and the explorer's figures.
        .target(
            name: "EventScopeBench",
            dependencies: [
                "EventScope", "EventScopeStores", "EventScopeSQLite", "EventScopeDemo", "EventScopeTerminalUI", "EventScopeCurses",
                "EventScopeExplorer", "EventScopeExplorerRuntime",
            ]
        ),
        .executableTarget(
            name: "eventscope",
            dependencies: [
                "EventScope", "EventScopeTesting", "EventScopeStores", "EventScopeBench", "EventScopeSQLite", "EventScopeDemo",
                "EventScopeDemoReadModels", "EventScopeTerminalUI", "EventScopeCurses", "EventScopeExplorer", "EventScopeExplorerRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(name: "EventSourcingTests", dependencies: ["EventScope", "EventScopeTesting"]),
        .testTarget(name: "DemoDomainTests", dependencies: ["EventScopeDemo", "EventScope", "EventScopeTesting"]),
        .testTarget(
            name: "SQLiteEventStoreTests",
            dependencies: [
                "EventScopeSQLite", "EventScope", "EventScopeTesting",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "DemoReadModelsTests",
            dependencies: [
                "EventScopeDemoReadModels", "EventScopeDemo", "EventScope", "EventScopeSQLite", "EventScopeRedis", "EventScopeTesting",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "RedisEventStoreTests",
            dependencies: ["EventScopeRedis", "EventScope", "EventScopeTesting", "EventScopeDemo"]
        ),
        .testTarget(name: "TerminalUITests", dependencies: ["EventScopeTerminalUI"]),
        .testTarget(name: "TerminalUICursesTests", dependencies: ["EventScopeCurses", "EventScopeTerminalUI"]),
        .testTarget(
            name: "ExplorerTests",
            dependencies: ["EventScopeExplorer", "EventScopeTerminalUI", "EventScope", "EventScopeDemo"],
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "ExplorerRuntimeTests",
            dependencies: ["EventScopeExplorerRuntime", "EventScopeExplorer", "EventScopeTerminalUI", "EventScope", "EventScopeDemo"]
        ),
        // Drives the built `eventscope` binary as a separate process: it imports no target.
        .testTarget(name: "eventscopeTests"),
    ],
    swiftLanguageModes: [.v6]
)
