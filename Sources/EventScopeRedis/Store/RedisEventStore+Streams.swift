import EventScope
import Foundation

extension RedisEventStore {
    /// Lists streams from the sorted-set indexes: `ZREVRANGEBYSCORE` on last positions for
    /// ``StreamQuery/Order/recent``, `ZRANGEBYLEX` on names for ``StreamQuery/Order/name``
    /// (per category when the query names one), then one pipeline of `HGETALL`s for the rows.
    /// A `contains` filter is applied to the rows, reading further pages until `limit` match.
    public func streams(after cursor: StreamCursor?, limit: Int, query: StreamQuery) async throws -> [StreamInfo] {
        guard limit > 0 else { return [] }
        let key: String
        var bound: String
        switch query.order {
        case .recent:
            key = query.category.map(keys.categoryByRecent) ?? keys.streamsByRecent
            if case .position(let p) = cursor { bound = "(\(p.value)" } else { bound = "+inf" }
        case .name:
            key = query.category.map(keys.categoryByName) ?? keys.streamsByName
            if case .name(let s) = cursor { bound = "(\(s.rawValue)" } else { bound = "-" }
        }
        let filtering = !(query.contains ?? "").isEmpty
        let batch = filtering ? max(limit, 256) : limit
        var rows: [StreamInfo] = []
        while rows.count < limit {
            let command =
                switch query.order {
                case .recent: RedisCommand("ZREVRANGEBYSCORE", key, bound, "-inf", "WITHSCORES", "LIMIT", "0", String(batch))
                case .name: RedisCommand("ZRANGEBYLEX", key, bound, "+", "LIMIT", "0", String(batch))
                }
            let reply = try await run([command])[0]
            if let message = reply.errorMessage { throw RedisErrors.readFailed(key: key, message: message) }
            let flat = reply.elements ?? []
            var names: [String] = []
            var lastScore: String?
            if query.order == .recent {
                var i = 0
                while i + 1 < flat.count {
                    if let name = flat[i].text { names.append(name) }
                    lastScore = flat[i + 1].text
                    i += 2
                }
            } else {
                names = flat.compactMap(\.text)
            }
            guard let lastName = names.last else { break }
            let infos = try await run(names.map { RedisCommand("HGETALL", keys.info(StreamID($0))) })
            for (name, reply) in zip(names, infos) {
                guard let info = try decodeInfo(reply, key: keys.info(StreamID(name))), query.matches(info) else { continue }
                rows.append(info)
                if rows.count == limit { break }
            }
            if names.count < batch { break }
            switch query.order {
            case .recent: bound = "(\(lastScore ?? "-inf")"
            case .name: bound = "(\(lastName)"
            }
        }
        return rows
    }
}
