extension Duration {
    /// The duration in seconds, as a `Double`.
    var asSeconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }

    /// The duration in milliseconds, as a `Double`.
    var asMilliseconds: Double { asSeconds * 1e3 }

    /// The duration in microseconds, as a `Double`.
    var asMicroseconds: Double { asSeconds * 1e6 }
}
