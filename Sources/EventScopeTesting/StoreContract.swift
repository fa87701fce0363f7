import EventScope
import Foundation
import Testing

/// The one contract every ``EventStore`` backend must pass, written once.
///
/// A backend's test target opts in with a few lines:
///
/// ```swift
/// @Test(arguments: StoreContract.checks)
/// func contract(_ check: StoreContract.Check) async throws {
///     try await check.run { try await makeFreshEmptyStore() }
/// }
/// ```
public enum StoreContract {
    /// Makes a fresh, empty store for one check.
    public typealias MakeStore = @Sendable () async throws -> any EventStore

    /// One rule of the contract, runnable against any backend.
    public struct Check: Sendable, CustomTestStringConvertible, CustomStringConvertible {
        public let name: String
        let body: @Sendable (any EventStore) async throws -> Void

        public var testDescription: String { name }
        public var description: String { name }

        /// Runs the check on a fresh store from `makeStore`, closing it afterwards.
        public func run(_ makeStore: MakeStore) async throws {
            let store = try await makeStore()
            do {
                try await body(store)
            } catch {
                await store.close()
                throw error
            }
            await store.close()
        }
    }

    /// Every check of the contract.
    public static var checks: [Check] {
        appendChecks + roundTripChecks + readChecks + listingChecks + concurrencyChecks + subscriptionChecks + snapshotChecks
    }

    static func check(_ name: String, _ body: @escaping @Sendable (any EventStore) async throws -> Void) -> Check {
        Check(name: name, body: body)
    }
}

// MARK: - Fixtures

extension StoreContract {
    /// `n` proposed events with JSON data `{"n": i}` and type `test.happened`.
    public static func events(_ n: Int, type: EventType = "test.happened", start: Int = 1) -> [ProposedEvent] {
        (0..<n).map { i in
            ProposedEvent(type: type, data: Data("{\"n\":\(start + i)}".utf8))
        }
    }

    /// Whether positions are 1, 2, 3, … with no gap, and versions per stream 1, 2, 3, ….
    static func expectWellFormed(_ all: [RecordedEvent], sourceLocation: SourceLocation = #_sourceLocation) {
        for (i, e) in all.enumerated() {
            #expect(e.position == GlobalPosition(Int64(i + 1)), "position gap at index \(i)", sourceLocation: sourceLocation)
        }
        var versions: [StreamID: Int64] = [:]
        for e in all {
            let expected = (versions[e.streamID] ?? 0) + 1
            #expect(e.version.value == expected, "\(e.streamID) version \(e.version) after \(expected - 1)", sourceLocation: sourceLocation)
            versions[e.streamID] = e.version.value
        }
    }

    /// Reads the whole of `$all` in pages.
    static func readEverything(_ store: any EventStore, pageSize: Int = 97) async throws -> [RecordedEvent] {
        var all: [RecordedEvent] = []
        var next = GlobalPosition(1)
        while true {
            let page = try await store.readAll(from: next, limit: pageSize)
            all += page
            guard let last = page.last, page.count == pageSize else { return all }
            next = last.position.next
        }
    }
}
