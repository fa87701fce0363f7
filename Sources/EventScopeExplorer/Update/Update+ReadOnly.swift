import EventScopeTerminalUI

extension Explorer {
    /// What a writing key would have done, said plainly, for a read-only explorer: nothing
    /// was sent, and why.
    static func readOnlyRefusal(_ key: Key, _ action: Action) -> String {
        let what: String
        switch action {
        case .commandLine: what = "opens the command line, which sends commands"
        case .commandForm: what = "opens the command form, which sends commands"
        case .toggleTraffic: what = "starts demo traffic, which sends commands"
        case .fasterTraffic, .slowerTraffic: what = "paces demo traffic, which sends commands"
        case .seed: what = "seeds demo data, which sends commands"
        default: what = "writes to the store"
        }
        return "read-only: \(key.displayName) \(what); the explorer was opened with --read-only and writes nothing"
    }
}
