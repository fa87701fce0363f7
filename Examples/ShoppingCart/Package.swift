// swift-tools-version: 6.0
import PackageDescription

// A Swift server's view of EventScope: a shopping cart whose events carry dates and
// decimals, commands through the Engine on an SQLite file, a read model through a
// HandlerRunner, both run as swift-service-lifecycle services with logs through swift-log and
// metrics through swift-metrics, and a graceful shutdown.
let package = Package(
    name: "ShoppingCart",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "EventScope", path: "../.."),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // The domain and the read model: pure event sourcing, no store chosen.
        .target(name: "ShoppingCart", dependencies: [.product(name: "EventScope", package: "EventScope")]),
        // The service: an SQLite store, the engine and the read model in a ServiceGroup.
        .executableTarget(
            name: "cart-service",
            dependencies: [
                "ShoppingCart",
                .product(name: "EventScope", package: "EventScope"),
                .product(name: "EventScopeServices", package: "EventScope"),
                .product(name: "EventScopeSQLite", package: "EventScope"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "ShoppingCartTests",
            dependencies: [
                "ShoppingCart",
                .product(name: "EventScope", package: "EventScope"),
                .product(name: "EventScopeTesting", package: "EventScope"),
                .product(name: "EventScopeServices", package: "EventScope"),
                .product(name: "EventScopeSQLite", package: "EventScope"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
