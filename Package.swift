// swift-tools-version: 6.0
import PackageDescription

// Module boundaries (DESIGN.md), enforced by the dependency arrows below:
// - EventSourcing knows no backend, no domain, no UI.
// - Stores depend on EventSourcing only, never on DemoDomain or on each other.
// - Only TerminalUICurses (and the executable) see curses; TerminalUI and Explorer are pure.
// - Explorer is generic over the domain: it learns aggregates and commands from a catalog.
// - ExplorerRuntime runs it on any EventStore, any catalog and any TerminalBackend: it sees the
//   protocols only (no curses, no SQLite, no Redis, no demo domain).
let package = Package(
    name: "EventScope",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "EventSourcing", targets: ["EventSourcing"]),
        .library(name: "EventSourcingTesting", targets: ["EventSourcingTesting"]),
        .library(name: "EventSourcingServices", targets: ["EventSourcingServices"]),
        .library(name: "SQLiteEventStore", targets: ["SQLiteEventStore"]),
        .library(name: "RedisEventStore", targets: ["RedisEventStore"]),
        .library(name: "DemoDomain", targets: ["DemoDomain"]),
        .library(name: "DemoReadModels", targets: ["DemoReadModels"]),
        .library(name: "TerminalUI", targets: ["TerminalUI"]),
        .library(name: "TerminalUICurses", targets: ["TerminalUICurses"]),
        .library(name: "Explorer", targets: ["Explorer"]),
        .library(name: "ExplorerRuntime", targets: ["ExplorerRuntime"]),
        .library(name: "EventStores", targets: ["EventStores"]),
        .library(name: "EventScopeBench", targets: ["EventScopeBench"]),
        .executable(name: "eventscope", targets: ["eventscope"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // `swift package generate-documentation --target EventSourcing` (no target depends on it).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .target(
            name: "EventSourcing",
            dependencies: [.product(name: "Logging", package: "swift-log"), .product(name: "Metrics", package: "swift-metrics")]
        ),
        // Engine and handlers as swift-service-lifecycle services (the core does not depend on it).
        .target(
            name: "EventSourcingServices",
            dependencies: ["EventSourcing", .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")]
        ),
        .target(name: "EventSourcingTesting", dependencies: ["EventSourcing"]),
        .target(
            name: "SQLiteEventStore",
            // GRDBSQLite: the reader of event rows steps statements through SQLite's C API.
            dependencies: [
                "EventSourcing", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        .systemLibrary(name: "CHiredis", providers: [.apt(["libhiredis-dev"]), .brew(["hiredis"])]),
        .target(
            name: "RedisEventStore",
            dependencies: ["EventSourcing", "CHiredis", .product(name: "Logging", package: "swift-log")]
        ),
        .target(name: "DemoDomain", dependencies: ["EventSourcing"]),
        // The counters read model: a demo projection kept in SQLite (stores never see the domain).
        .target(
            name: "DemoReadModels",
            dependencies: ["DemoDomain", "EventSourcing", "SQLiteEventStore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(name: "TerminalUI"),
        .systemLibrary(name: "CNcursesw", providers: [.apt(["libncurses-dev"]), .brew(["ncurses"])]),
        .target(name: "TerminalUICurses", dependencies: ["TerminalUI", "CNcursesw"]),
        .target(name: "Explorer", dependencies: ["EventSourcing", "TerminalUI"]),
        // The explorer's runtime: effect loop, live feed, timers. Sees only the store and
        // backend protocols (no curses, no SQLite, no Redis, no demo domain).
        .target(name: "ExplorerRuntime", dependencies: ["EventSourcing", "TerminalUI", "Explorer"]),
        // The one place that knows the kinds of store: a location parsed from a URL, opened.
        .target(
            name: "EventStores",
            dependencies: ["EventSourcing", "SQLiteEventStore", "RedisEventStore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // `eventscope bench`: the engine's, the store's and the explorer's figures.
        .target(
            name: "EventScopeBench",
            dependencies: [
                "EventSourcing", "EventStores", "SQLiteEventStore", "DemoDomain", "TerminalUI", "TerminalUICurses",
                "Explorer", "ExplorerRuntime",
            ]
        ),
        .executableTarget(
            name: "eventscope",
            dependencies: [
                "EventSourcing", "EventSourcingTesting", "EventStores", "EventScopeBench", "SQLiteEventStore", "DemoDomain",
                "DemoReadModels", "TerminalUI", "TerminalUICurses", "Explorer", "ExplorerRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(name: "EventSourcingTests", dependencies: ["EventSourcing", "EventSourcingTesting"]),
        .testTarget(name: "DemoDomainTests", dependencies: ["DemoDomain", "EventSourcing", "EventSourcingTesting"]),
        .testTarget(
            name: "SQLiteEventStoreTests",
            dependencies: [
                "SQLiteEventStore", "EventSourcing", "EventSourcingTesting",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "DemoReadModelsTests",
            dependencies: [
                "DemoReadModels", "DemoDomain", "EventSourcing", "SQLiteEventStore", "RedisEventStore",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "RedisEventStoreTests",
            dependencies: ["RedisEventStore", "EventSourcing", "EventSourcingTesting", "DemoDomain"]
        ),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI"]),
        .testTarget(name: "TerminalUICursesTests", dependencies: ["TerminalUICurses", "TerminalUI"]),
        .testTarget(
            name: "ExplorerTests",
            dependencies: ["Explorer", "TerminalUI", "EventSourcing", "DemoDomain"],
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "ExplorerRuntimeTests",
            dependencies: ["ExplorerRuntime", "Explorer", "TerminalUI", "EventSourcing", "DemoDomain"]
        ),
        // Drives the built `eventscope` binary as a separate process: it imports no target.
        .testTarget(name: "eventscopeTests"),
    ],
    swiftLanguageModes: [.v6]
)
