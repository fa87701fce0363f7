import Testing
@testable import EventScopeTerminalUI

@Suite struct LayoutTests {
    @Test func fixedAndFill() {
        let rows = Layout.vertical([.fixed(1), .fill(1), .fixed(1)]).split(Rect(x: 0, y: 0, width: 80, height: 24))
        #expect(rows.map(\.height) == [1, 22, 1])
        #expect(rows.map(\.y) == [0, 1, 23])
        #expect(rows.allSatisfy { $0.width == 80 })
    }

    @Test func percentages() {
        let cols = Layout.horizontal([.percentage(30), .percentage(70)]).split(Rect(x: 10, y: 0, width: 100, height: 5))
        #expect(cols.map(\.width) == [30, 70])
        #expect(cols.map(\.x) == [10, 40])
    }

    @Test func fillWeightsShareTheRest() {
        #expect(Layout.sizes(for: [.fill(1), .fill(2)], total: 30) == [10, 20])
        #expect(Layout.sizes(for: [.fixed(10), .fill(1), .fill(1)], total: 31) == [10, 11, 10])
    }

    @Test func minGrowsOnlyWithoutFill() {
        #expect(Layout.sizes(for: [.min(10), .fixed(5)], total: 40) == [35, 5])
        #expect(Layout.sizes(for: [.min(10), .fill(1)], total: 40) == [10, 30])
    }

    @Test func tooSmallShrinksFromTheEnd() {
        #expect(Layout.sizes(for: [.fixed(10), .fixed(10), .fixed(10)], total: 25) == [10, 10, 5])
        #expect(Layout.sizes(for: [.fixed(10), .min(10)], total: 8) == [8, 0])
    }

    @Test func spacingIsLeftBetweenSegments() {
        let cols = Layout.horizontal([.fill(1), .fill(1)], spacing: 2).split(Rect(x: 0, y: 0, width: 12, height: 1))
        #expect(cols.map(\.x) == [0, 7])
        #expect(cols.map(\.width) == [5, 5])
    }

    @Test func segmentsNeverExceedTheArea() {
        for total in 0...50 {
            let sizes = Layout.sizes(for: [.fixed(7), .percentage(40), .min(3), .fill(2), .fill(1)], total: total, spacing: 1)
            #expect(sizes.reduce(0, +) <= max(0, total - 4))
            #expect(sizes.allSatisfy { $0 >= 0 })
        }
    }
}
