import Foundation

/// A store URL taken apart: which backend, and where.
///
/// Accepted forms: `sqlite:PATH`, `sqlite://PATH` (`sqlite:///abs/path` for an absolute
/// path), each with an optional `?sync=full|normal`; `memory:`; `redis://…` (passed on whole
/// to the Redis store).
enum StoreLocation: Equatable, Sendable {
    /// An SQLite file. `durable` is false with `?sync=normal`.
    case sqlite(path: String, durable: Bool)
    /// A process-local store that forgets everything on exit.
    case memory
    /// A Redis server; the URL is given to the Redis store as is.
    case redis(url: String)

    init(_ url: String) throws(StoreURLError) {
        let text = url.trimmingCharacters(in: .whitespaces)
        if text == "memory:" || text == "memory" || text == "memory://" {
            self = .memory
            return
        }
        if text.hasPrefix("redis://") {
            self = .redis(url: text)
            return
        }
        if text.hasPrefix("sqlite:") {
            var rest = String(text.dropFirst("sqlite:".count))
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
                        throw StoreURLError(url: url, reason: "sync=\(v) is not a sync mode; use sync=full (durable, the default) or sync=normal (faster, may lose the last commits on power loss)")
                    case (let k, _):
                        throw StoreURLError(url: url, reason: "unknown option \"\(k)\"; the only option is sync=full|normal")
                    }
                }
            }
            guard !rest.isEmpty else {
                throw StoreURLError(url: url, reason: "no file path; use e.g. sqlite:eventscope.sqlite or sqlite:///var/data/events.sqlite")
            }
            self = .sqlite(path: rest, durable: durable)
            return
        }
        throw StoreURLError(url: url, reason: "unknown kind of store; use sqlite:PATH, redis://host:port or memory:")
    }
}

/// A store URL that cannot be understood.
struct StoreURLError: Error, CustomStringConvertible {
    let url: String
    let reason: String
    var description: String { "bad store URL \"\(url)\": \(reason)" }
}
