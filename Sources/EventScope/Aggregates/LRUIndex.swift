/// Keys in least-recently-used order with O(1) touch, insert, remove and oldest.
struct LRUIndex<Key: Hashable> {
    private struct Node {
        var key: Key
        var prev: Int
        var next: Int
    }
    private var nodes: [Node] = []
    private var free: [Int] = []
    private var slots: [Key: Int] = [:]
    /// Most recently used.
    private var head = -1
    /// Least recently used.
    private var tail = -1

    var count: Int { slots.count }

    func contains(_ key: Key) -> Bool { slots[key] != nil }

    /// Marks `key` most recently used, inserting it if absent.
    mutating func touch(_ key: Key) {
        if let i = slots[key] {
            unlink(i)
            pushFront(i)
            return
        }
        let i: Int
        if let reused = free.popLast() {
            nodes[reused] = Node(key: key, prev: -1, next: -1)
            i = reused
        } else {
            nodes.append(Node(key: key, prev: -1, next: -1))
            i = nodes.count - 1
        }
        slots[key] = i
        pushFront(i)
    }

    mutating func remove(_ key: Key) {
        guard let i = slots.removeValue(forKey: key) else { return }
        unlink(i)
        free.append(i)
    }

    /// Keys from least to most recently used, lazily.
    func oldestFirst() -> some Sequence<Key> {
        sequence(state: tail) { i -> Key? in
            guard i >= 0 else { return nil }
            defer { i = nodes[i].prev }
            return nodes[i].key
        }
    }

    private mutating func unlink(_ i: Int) {
        let n = nodes[i]
        if n.prev >= 0 { nodes[n.prev].next = n.next } else { head = n.next }
        if n.next >= 0 { nodes[n.next].prev = n.prev } else { tail = n.prev }
        nodes[i].prev = -1
        nodes[i].next = -1
    }

    private mutating func pushFront(_ i: Int) {
        nodes[i].prev = -1
        nodes[i].next = head
        if head >= 0 { nodes[head].prev = i }
        head = i
        if tail < 0 { tail = i }
    }
}
