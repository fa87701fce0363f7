import Foundation

/// When the engine snapshots an aggregate's state, and the version of the state's meaning.
///
/// Declare it on an aggregate type (``Aggregate/snapshotPolicy``):
///
/// ```swift
/// static let snapshotPolicy: SnapshotPolicy? = SnapshotPolicy(every: 1_000)
/// ```
///
/// A snapshot is written off the command path (a background task) once the state is `every`
/// events past the last one, and a cold load then reads the latest valid snapshot plus the
/// events after it. Snapshots never change an outcome: a snapshot is used only when its
/// schema matches the running program's (``schema(of:codec:)``), which changes by itself
/// when `State`'s stored properties, the aggregate's event types or the codec's upcasters
/// change. Bump ``stateVersion`` when `apply` changes meaning without any of those changing
/// (e.g. a counter that now counts twice): every older snapshot is then ignored.
public struct SnapshotPolicy: Hashable, Sendable {
    /// Events between snapshots (at least 1).
    public var every: Int
    /// The meaning of the folded state; bump it when `apply` changes.
    public var stateVersion: Int

    public init(every: Int, stateVersion: Int = 1) {
        precondition(every >= 1, "a snapshot policy needs every >= 1")
        self.every = every
        self.stateVersion = stateVersion
    }

    /// The schema snapshots of `A` are written with and must carry to be used:
    /// `category/v<stateVersion>/<fingerprint>`, where the fingerprint hashes the shape of
    /// `State` (its stored properties and their types, recursively), the aggregate's event
    /// tags and the codec's upcasters.
    public static func schema<A: Aggregate>(of type: A.Type, codec: EventCodec) -> String {
        var own = EventCodec()
        A.registerEvents(in: &own)
        var text = String(reflecting: A.State.self)
        text += "|" + shape(of: A.initialState, depth: 0)
        text += "|" + own.registeredTypes.map(\.rawValue).sorted().joined(separator: ",")
        text += "|" + codec.upcasterTags.sorted().joined(separator: ",")
        let version = A.snapshotPolicy?.stateVersion ?? 0
        return "\(A.category)/v\(version)/\(fnv1a(text))"
    }

    /// The stored properties of a value and their types, recursively (a few levels).
    static func shape(of value: Any, depth: Int) -> String {
        let mirror = Mirror(reflecting: value)
        guard depth < 6, !mirror.children.isEmpty, mirror.displayStyle == .struct || mirror.displayStyle == .class else {
            return String(reflecting: type(of: value))
        }
        return "{" + mirror.children.map { "\($0.label ?? "_"):\(shape(of: $0.value, depth: depth + 1))" }.joined(separator: ",") + "}"
    }

    static func fnv1a(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 {
            hash ^= UInt64(b)
            hash = hash &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

extension Aggregate {
    /// No snapshots unless the type declares a policy.
    public static var snapshotPolicy: SnapshotPolicy? { nil }
}

/// Reads a stored snapshot back for one aggregate type, or says why it cannot be used.
public enum SnapshotCheck: Hashable, Sendable {
    /// Usable: the schema matches and the state decodes.
    case valid
    /// Written by another program: another state shape, event set, upcaster set or state version.
    case stale(String)
    /// Its bytes do not decode as the state.
    case corrupt(String)

    /// `valid`, `stale` or `corrupt`, for listings.
    public var kind: String {
        switch self {
        case .valid: return "valid"
        case .stale: return "stale"
        case .corrupt: return "corrupt"
        }
    }

    /// Why it is not usable (`nil` when valid).
    public var reason: String? {
        switch self {
        case .valid: return nil
        case .stale(let r), .corrupt(let r): return r
        }
    }
}

enum SnapshotCoding {
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        e.dateEncodingStrategy = .iso8601
        return e
    }()

    static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return d
    }()

    /// Whether `snapshot` can be used for `A` by a program with `codec`.
    static func check<A: Aggregate>(_ snapshot: StoredSnapshot, as type: A.Type, codec: EventCodec) -> SnapshotCheck {
        switch state(snapshot, as: A.self, schema: SnapshotPolicy.schema(of: A.self, codec: codec)) {
        case .success: return .valid
        case .failure(let problem): return problem.check
        }
    }

    /// The state of `snapshot` if it can be used for `A` with `schema`.
    static func state<A: Aggregate>(_ snapshot: StoredSnapshot, as type: A.Type, schema: String) -> Result<A.State, SnapshotProblem> {
        guard snapshot.schema == schema else {
            return .failure(.stale("written with schema \(snapshot.schema), this program's is \(schema)"))
        }
        do {
            return .success(try decoder.decode(A.State.self, from: snapshot.state))
        } catch {
            return .failure(.corrupt("its state does not decode: \(EventCodec.describe(error))"))
        }
    }
}

/// Why a snapshot was not used.
enum SnapshotProblem: Error {
    case stale(String)
    case corrupt(String)

    var check: SnapshotCheck {
        switch self {
        case .stale(let r): return .stale(r)
        case .corrupt(let r): return .corrupt(r)
        }
    }
}
