import EventScope
import Foundation
import EventScopeRedis
/// Where a store is, parsed once from its URL: which backend, and where.
///
/// Accepted forms: `sqlite:PATH`, `sqlite://PATH` (`sqlite:///abs/path` for an absolute
/// path), each with an optional `?sync=full|normal`; `memory:`; `redis://…` (parsed by the
/// Redis store's own ``RedisStoreURL``). Every form is checked here, before anything is
/// opened, and every problem is one ``StoreLocationError``. This type (with
/// ``open()`` and ``ScratchStore``) is the one place that knows the kinds of store.
public enum StoreLocation: Sendable, Equatable, CustomStringConvertible {
    /// An SQLite file. `durable` is false with `?sync=normal`.
    case sqlite(path: String, durable: Bool)
    /// A process-local store that forgets everything on exit.
    case memory
    /// A Redis server.
    case redis(RedisStoreURL)

    /// Parses a store URL.
    /// - Throws: ``StoreLocationError`` saying what is wrong and which forms work.
    public init(_ url: String) throws(StoreLocationError) {
        let text = url.trimmingCharacters(in: .whitespaces)
        if text == "memory:" || text == "memory" || text == "memory://" {
            self = .memory
        } else if text.hasPrefix("redis://") {
            do {
                self = .redis(try RedisStoreURL(text))
            } catch {
                throw StoreLocationError(message: error.description)
            }
        } else if text.hasPrefix("sqlite:") {
            self = try Self.sqlite(url, rest: String(text.dropFirst("sqlite:".count)))
        } else {
            throw StoreLocationError(url: url, reason: "unknown kind of store; use sqlite:PATH, redis://host:port or memory:")
        }
    }

    /// The location as a URL people can read and pass back to ``init(_:)`` (a Redis
    /// password is left out).
    public var description: String {
        switch self {
        case .sqlite(let path, let durable): return durable ? "sqlite:\(path)" : "sqlite:\(path)?sync=normal"
        case .memory: return "memory:"
        case .redis(let url): return url.redacted
        }
    }

    /// The location as a URL for another process (`eventscope torture` hands it to its
    /// children): like ``description``, but with a Redis password.
    public var url: String {
        if case .redis(let url) = self { return url.url }
        return description
    }

    private static func sqlite(_ url: String, rest: String) throws(StoreLocationError) -> StoreLocation {
        var rest = rest
        if rest.hasPrefix("//") { rest.removeFirst(2) }
        var durable = true
        if let q = rest.firstIndex(of: "?") {
            let query = rest[rest.index(after: q)...]
            rest = String(rest[..<q])
            for pair in query.split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
                switch (kv.first ?? "", kv.count == 2 ? kv[1] : "") {
                case ("sync", "full"): durable = true
                case ("sync", "normal"): durable = false
                case ("sync", let v):
                    throw StoreLocationError(url: url, reason: "sync=\(v) is not a sync mode; use sync=full (durable, the default) or sync=normal (faster, may lose the last commits on power loss)")
                case (let k, _):
                    throw StoreLocationError(url: url, reason: "unknown option \"\(k)\"; the only option is sync=full|normal")
                }
            }
        }
        guard !rest.isEmpty else {
            throw StoreLocationError(url: url, reason: "no file path; use e.g. sqlite:eventscope.sqlite or sqlite:///var/data/events.sqlite")
        }
        return .sqlite(path: rest, durable: durable)
    }
}
