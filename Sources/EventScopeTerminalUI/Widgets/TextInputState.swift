/// The editable value of a ``TextInput``: text, cursor and history, as a plain value.
///
/// Feed it keys with ``handle(_:)``; read ``text``; call ``submit()`` on Enter to get the
/// text, record it in the history and clear the field. The cursor counts graphemes.
public struct TextInputState: Hashable, Sendable {
    /// The current text, as graphemes.
    public private(set) var characters: [Character]
    /// The cursor, between graphemes: 0 is before the first, `characters.count` after the last.
    public private(set) var cursor: Int
    /// Earlier submitted values, oldest first.
    public private(set) var history: [String]
    /// The position while browsing history (`nil` when editing a fresh line).
    private var historyIndex: Int?
    /// The line being edited before history browsing started.
    private var draft: [Character] = []
    /// First cell shown (horizontal scroll), kept by ``TextInput`` rendering.
    public var scrollOffset: Int = 0
    /// Where the terminal cursor should be shown, set by the last render (`nil` if not visible).
    public var cursorPosition: Position?

    /// Creates a state holding `text`, with the cursor at its end.
    public init(text: String = "", history: [String] = []) {
        characters = Array(text)
        cursor = characters.count
        self.history = history
    }

    /// The current text.
    public var text: String {
        get { String(characters) }
        set { characters = Array(newValue); cursor = characters.count; historyIndex = nil }
    }

    // MARK: - Editing

    /// Inserts `string` at the cursor and moves the cursor after it.
    public mutating func insert(_ string: String) {
        let new = Array(string)
        characters.insert(contentsOf: new, at: cursor)
        cursor += new.count
    }

    /// Inserts one grapheme at the cursor.
    public mutating func insert(_ character: Character) { insert(String(character)) }

    /// Deletes the grapheme before the cursor.
    public mutating func backspace() {
        guard cursor > 0 else { return }
        characters.remove(at: cursor - 1)
        cursor -= 1
    }

    /// Deletes the grapheme after the cursor.
    public mutating func deleteForward() {
        guard cursor < characters.count else { return }
        characters.remove(at: cursor)
    }

    /// Deletes the word before the cursor (and the spaces between it and the cursor), as Ctrl-W does.
    public mutating func deleteWordBackward() {
        var start = cursor
        while start > 0 && characters[start - 1].isWhitespace { start -= 1 }
        while start > 0 && !characters[start - 1].isWhitespace { start -= 1 }
        characters.removeSubrange(start..<cursor)
        cursor = start
    }

    /// Deletes from the cursor to the start (Ctrl-U).
    public mutating func deleteToStart() {
        characters.removeSubrange(0..<cursor)
        cursor = 0
    }

    /// Deletes from the cursor to the end (Ctrl-K).
    public mutating func deleteToEnd() { characters.removeSubrange(cursor...) }

    /// Moves the cursor one grapheme left.
    public mutating func moveLeft() { cursor = max(0, cursor - 1) }
    /// Moves the cursor one grapheme right.
    public mutating func moveRight() { cursor = min(characters.count, cursor + 1) }
    /// Moves the cursor to the start.
    public mutating func moveHome() { cursor = 0 }
    /// Moves the cursor to the end.
    public mutating func moveEnd() { cursor = characters.count }
    /// Moves the cursor to grapheme offset `index` (clamped).
    public mutating func moveCursor(to index: Int) { cursor = max(0, min(characters.count, index)) }

    /// Clears the text.
    public mutating func clear() { text = "" }

    // MARK: - History

    /// Replaces the text with the previous history entry (the draft is kept for ``historyNext()``).
    public mutating func historyPrevious() {
        guard !history.isEmpty else { return }
        let next: Int
        if let i = historyIndex { next = max(0, i - 1) } else { draft = characters; next = history.count - 1 }
        historyIndex = next
        characters = Array(history[next])
        cursor = characters.count
    }

    /// Replaces the text with the next history entry, or the draft after the newest.
    public mutating func historyNext() {
        guard let i = historyIndex else { return }
        if i + 1 < history.count {
            historyIndex = i + 1
            characters = Array(history[i + 1])
        } else {
            historyIndex = nil
            characters = draft
        }
        cursor = characters.count
    }

    /// Returns the text, records it in the history (unless empty or a repeat of the last entry)
    /// and clears the field.
    public mutating func submit() -> String {
        let value = text
        if !value.isEmpty && history.last != value { history.append(value) }
        historyIndex = nil
        draft = []
        characters = []
        cursor = 0
        scrollOffset = 0
        return value
    }

    // MARK: - Keys

    /// Applies an editing key; returns whether the key was used.
    ///
    /// Handles printable characters, Backspace, Delete, ←/→, Home/End (and Ctrl-A/Ctrl-E),
    /// Ctrl-W (delete word), Ctrl-U/Ctrl-K, ↑/↓ (history). Enter, Escape and Tab are left to
    /// the caller.
    @discardableResult
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .char(let c): insert(c)
        case .backspace, .ctrl("h"): backspace()
        case .delete, .ctrl("d"): deleteForward()
        case .left, .ctrl("b"): moveLeft()
        case .right, .ctrl("f"): moveRight()
        case .home, .ctrl("a"): moveHome()
        case .end, .ctrl("e"): moveEnd()
        case .ctrl("w"), .alt("\u{7F}"): deleteWordBackward()
        case .ctrl("u"): deleteToStart()
        case .ctrl("k"): deleteToEnd()
        case .up: historyPrevious()
        case .down: historyNext()
        default: return false
        }
        return true
    }
}
