/// What a domain offers people trying it out: data to seed, traffic to generate and example
/// command lines. The explorer's `S` and `D` keys and `eventscope demo` use it; a catalog
/// without it simply offers neither.
///
/// ```swift
/// catalog.demo = CatalogDemo(
///     seed: DemoSeed("a few books and members", commands: ["add book-1 title=Dune", …]),
///     traffic: TrafficPlan(…),
///     examples: ["add book-1 title=Dune", "lend book-1 member=ada"])
/// ```
public struct CatalogDemo: Sendable {
    /// Commands that build a small example data set, if the domain has one.
    public var seed: DemoSeed?
    /// A load the domain can generate against itself, if it has one.
    public var traffic: TrafficPlan?
    /// Command lines to show as examples: the first is what to type on an empty store (empty
    /// panes show it), the help screen shows them all.
    public var examples: [String]

    /// Creates a description; every part is optional.
    public init(seed: DemoSeed? = nil, traffic: TrafficPlan? = nil, examples: [String] = []) {
        self.seed = seed
        self.traffic = traffic
        self.examples = examples
    }
}
