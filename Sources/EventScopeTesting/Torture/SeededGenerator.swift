import Foundation

/// A small, fast, seeded random number generator (SplitMix64): the only source of chance in
/// the torture harness, so that a seed determines the command plan and the fault plan.
///
/// The system generator is never used: a failing run prints its seed, and the same seed
/// draws the same choices again. ``derive(_:)`` gives independent generators for the parts
/// of a run (one per client, one per engine's faults), so that one part drawing more or
/// fewer numbers never shifts what another part draws.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose whole sequence is fixed by `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// An independent generator for the part of a run named by `labels` (e.g. engine, client).
    public func derive(_ labels: UInt64...) -> SeededGenerator {
        var s = state
        for label in labels { s = Self.mix(s ^ Self.mix(label &+ 0x632B_E59B_D9B4_E019)) }
        return SeededGenerator(seed: s)
    }

    /// `true` with probability `p` (0…1).
    public mutating func chance(_ p: Double) -> Bool {
        guard p > 0 else { return false }
        return unit() < p
    }

    /// A number in 0..<1 with 53 random bits (independent of the platform's `Double.random`).
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A number in `range`, by rejection-free multiply-shift (fine for the small ranges here).
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        let width = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(next().multipliedFullWidth(by: width).high)
    }

    /// A random (version 4 shaped) UUID drawn from this generator.
    public mutating func uuid() -> UUID {
        var a = next(), b = next()
        a = (a & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000
        b = (b & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        let x = withUnsafeBytes(of: a.bigEndian) { Array($0) } + withUnsafeBytes(of: b.bigEndian) { Array($0) }
        return UUID(uuid: (x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7], x[8], x[9], x[10], x[11], x[12], x[13], x[14], x[15]))
    }

    /// The SplitMix64 finaliser: a bijective scramble of 64 bits.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A running 64-bit FNV-1a hash, for plan and trace fingerprints that are stable across runs
/// (Swift's `Hasher` is seeded per process, so it cannot be used for that).
public struct StableHash: Sendable {
    public private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

    public init() {}

    public mutating func combine(_ text: String) {
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value &*= 0x0000_0100_0000_01B3
        }
        value ^= 0xFF
        value &*= 0x0000_0100_0000_01B3
    }

    /// The hash as 16 hex digits.
    public var hex: String {
        let s = String(value, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
