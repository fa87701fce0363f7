import EventScope
import Foundation

/// A `redis://[[user]:password@]host[:port][/db][?prefix=NAME&connections=N]` store URL, taken apart.
///
/// Parse a URL once (``init(_:)``) and open the store with ``RedisEventStore/open(_:inDoubtLimit:)``:
/// a bad URL is reported before anything connects.
public struct RedisStoreURL: Sendable, Equatable {
    static let defaultPort = 6379
    static let defaultPrefix = "eventscope"
    static let defaultConnections = 4

    var host: String
    var port: Int
    var user: String?
    var password: String?
    var database: Int
    /// Every key the store writes starts with `prefix:`.
    public var prefix: String
    /// How many command connections (each on its own thread) the store keeps.
    var connections: Int

    /// `host:port`, for messages.
    public var address: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// The whole URL, password included: for handing to another process, never for showing.
    public var url: String {
        var text = "redis://"
        if user != nil || password != nil {
            let allowed = CharacterSet.urlUserAllowed.subtracting(CharacterSet(charactersIn: ":@"))
            let u = user?.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
            let p = password?.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
            text += "\(u):\(p)@"
        }
        text += address
        if database != 0 { text += "/\(database)" }
        let prefixAllowed = CharacterSet.urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+"))
        let options = [
            prefix != Self.defaultPrefix ? "prefix=\(prefix.addingPercentEncoding(withAllowedCharacters: prefixAllowed) ?? prefix)" : nil,
            connections != Self.defaultConnections ? "connections=\(connections)" : nil,
        ].compactMap { $0 }
        if !options.isEmpty { text += "?" + options.joined(separator: "&") }
        return text
    }

    /// The URL without the password: what the store shows people.
    public var redacted: String {
        var text = "redis://"
        if let user, !user.isEmpty { text += "\(user)@" }
        text += address
        if database != 0 { text += "/\(database)" }
        var options: [String] = []
        if prefix != Self.defaultPrefix { options.append("prefix=\(prefix)") }
        if connections != Self.defaultConnections { options.append("connections=\(connections)") }
        if !options.isEmpty { text += "?" + options.joined(separator: "&") }
        return text
    }

    /// Parses a store URL.
    /// - Throws: `EventStoreError.invalid` naming what is wrong (the password is never echoed).
    public init(_ url: String) throws(EventStoreError) {
        let text = url.trimmingCharacters(in: .whitespaces)
        let shown = Self.redact(text)
        func bad(_ reason: String) -> EventStoreError {
            .invalid("bad Redis store URL \"\(shown)\": \(reason); the form is redis://[[user]:password@]host[:port][/db][?prefix=NAME]")
        }
        guard text.hasPrefix("redis://") else { throw bad("it must start with redis://") }
        var rest = Substring(text.dropFirst("redis://".count))

        // Query.
        var prefix = Self.defaultPrefix
        var connections = Self.defaultConnections
        if let q = rest.firstIndex(of: "?") {
            let query = rest[rest.index(after: q)...]
            rest = rest[..<q]
            for pair in query.split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
                let key = kv[0]
                let value = kv.count == 2 ? (kv[1].removingPercentEncoding ?? kv[1]) : ""
                switch key {
                case "prefix":
                    guard !value.isEmpty, !value.contains(where: { $0.isWhitespace }) else {
                        throw bad("prefix must be a non-empty name without spaces")
                    }
                    prefix = value
                case "connections":
                    guard let n = Int(value), (1...64).contains(n) else { throw bad("connections must be a number from 1 to 64") }
                    connections = n
                default:
                    throw bad("unknown option \"\(key)\" (known: prefix, connections)")
                }
            }
        }

        // Path: the database number.
        var database = 0
        if let slash = rest.firstIndex(of: "/") {
            let path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
            if !path.isEmpty {
                guard let n = Int(path), n >= 0 else { throw bad("the database after / must be a number such as /0 or /2") }
                database = n
            }
        }

        // Credentials.
        var user: String?
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let userinfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
            guard let colon = userinfo.firstIndex(of: ":") else {
                throw bad("put the password after a colon: redis://:PASSWORD@host or redis://USER:PASSWORD@host")
            }
            let u = String(userinfo[..<colon])
            let p = String(userinfo[userinfo.index(after: colon)...])
            user = u.isEmpty ? nil : (u.removingPercentEncoding ?? u)
            password = p.removingPercentEncoding ?? p
        }

        // Host and port (IPv6 in brackets).
        var host: String
        var portText: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw bad("an IPv6 address needs a closing ]") }
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty { throw bad("unexpected text after the address") }
        } else if let colon = rest.lastIndex(of: ":") {
            host = String(rest[..<colon])
            portText = rest[rest.index(after: colon)...]
        } else {
            host = String(rest)
        }
        guard !host.isEmpty else { throw bad("no host; use e.g. redis://127.0.0.1:6379") }
        var port = Self.defaultPort
        if let portText {
            guard let p = Int(portText), (1...65535).contains(p) else { throw bad("the port must be a number from 1 to 65535") }
            port = p
        }
        if host == "localhost" { host = "127.0.0.1" }

        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.prefix = prefix
        self.connections = connections
    }

    /// The URL text with any password replaced by `***`, for messages about a URL that did not parse.
    static func redact(_ text: String) -> String {
        guard text.hasPrefix("redis://") else { return text }
        let rest = text.dropFirst("redis://".count)
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@") else { return text }
        let userinfo = authority[..<at]
        let user = userinfo.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return "redis://\(user):***" + rest[at...]
    }
}
