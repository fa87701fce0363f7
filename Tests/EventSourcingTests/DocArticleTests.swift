import EventScope
import Foundation
import Testing

// The DocC articles' code, compiled and run. Every Swift code block of an article in
// Sources/EventScope/EventScope.docc must be, character for character, a region of
// DocArticles/*.swift marked `// DOC-BEGIN <article>` … `// DOC-END` (an indented region is
// compared without its marker's indentation), and every region must be shown: an article
// never shows code that does not build or does not do what its prose says.

@Suite("DocC articles")
struct DocArticleTests {
    @Test("Getting started: the commands, the refusal, the subscription and the handler do what the article says")
    func gettingStartedRuns() async throws {
        let (engine, refusal) = try await runStockCommands()
        #expect(refusal == "only 3 in stock; receive more first")
        let state = try await engine.state(of: Stock.self, id: "widget")
        #expect(state.state.onHand == 3 && state.version == 2)
        #expect(try await engine.store.stats().eventCount == 2)   // the refusal wrote nothing

        let (types, shipped) = try await followStock(engine)
        #expect(types == ["stock.received", "stock.shipped"])
        #expect(shipped == 2)
    }

    @Test("each article shows exactly the code compiled here", arguments: ["GettingStarted", "WritingAStore"])
    func articleMatchesCode(_ article: String) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let markdown = try String(
            contentsOf: root.appendingPathComponent("Sources/EventScope/EventScope.docc/\(article).md"), encoding: .utf8)
        let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("DocArticles")
        var regions: [String] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: examples.path).sorted() where file.hasSuffix(".swift") {
            regions += Self.regions(
                named: article, in: try String(contentsOf: examples.appendingPathComponent(file), encoding: .utf8))
        }
        // Each block is a compiled region and each region is shown, in whatever order the prose needs.
        let blocks = Self.swiftBlocks(in: markdown)
        #expect(!blocks.isEmpty)
        for (i, block) in blocks.enumerated() {
            let compiled = regions.contains(block)
            #expect(compiled, "Swift block \(i + 1) of \(article).md (\(Self.firstLine(block))) is not a compiled region of DocArticles/")
        }
        for region in regions {
            let shown = blocks.contains(region)
            #expect(shown, "the region \(Self.firstLine(region)) marked \(article) is not shown in \(article).md")
        }
        #expect(blocks.count == regions.count, "\(article).md has \(blocks.count) Swift blocks; the code has \(regions.count) regions")
    }

    static func firstLine(_ code: String) -> String {
        "\"" + (code.split(separator: "\n").first.map(String.init) ?? "") + "\""
    }

    /// The contents of every ```swift fenced block, in order.
    static func swiftBlocks(in markdown: String) -> [String] {
        var blocks: [String] = []
        var current: [Substring]?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil {
                if line == "```swift" { current = [] }
            } else if line == "```" {
                blocks.append(current!.joined(separator: "\n"))
                current = nil
            } else {
                current!.append(line)
            }
        }
        return blocks
    }

    /// The regions marked for `article`, each without the indentation of its BEGIN marker.
    static func regions(named article: String, in source: String) -> [String] {
        var regions: [String] = []
        var current: [Substring]?
        var indent = 0
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " }
            if current == nil {
                if trimmed == "// DOC-BEGIN \(article)" {
                    current = []
                    indent = line.count - trimmed.count
                }
            } else if trimmed == "// DOC-END" {
                regions.append(current!.joined(separator: "\n"))
                current = nil
            } else {
                current!.append(line.prefix(indent).allSatisfy { $0 == " " } ? line.dropFirst(indent) : line)
            }
        }
        return regions
    }
}
