import CEventScopeNcursesw
import Foundation
import Synchronization
import EventScopeTerminalUI

/// A pseudo-terminal pair, for driving a ``CursesBackend`` without a real terminal
/// (benchmarks, tests): curses writes to the slave side, a reader thread drains the master
/// side so curses never blocks, and keys written to the master arrive as input.
public final class PseudoTerminal: Sendable {
    /// Why a pseudo-terminal could not be opened.
    public struct OpenError: Error, CustomStringConvertible {
        /// The failing call and `errno`'s text.
        public let description: String
    }

    /// The master side (what a terminal emulator would hold).
    public let master: Int32
    /// The slave side (what the program sees as its terminal).
    public let slave: Int32
    private let captured = Mutex<[UInt8]>([])
    private let byteCount = Atomic<Int>(0)
    private let stopping = Atomic<Bool>(false)
    private let captureLimit: Int
    private let readerDone = Mutex<Bool>(false)

    /// Opens a pseudo-terminal of `size` and starts draining its output.
    /// - Parameter captureLimit: Bytes of output kept for ``output`` (the newest are kept);
    ///   0 to only count them.
    /// - Throws: ``OpenError`` when the system has no free pseudo-terminal.
    public init(size: Size, captureLimit: Int = 1 << 20) throws {
        var m: Int32 = -1
        var s: Int32 = -1
        guard es_openpty(&m, &s, UInt16(size.height), UInt16(size.width)) == 0 else {
            throw OpenError(description: "openpty: \(String(cString: strerror(errno)))")
        }
        master = m
        slave = s
        self.captureLimit = captureLimit
        let thread = Thread { [self] in drain() }
        thread.name = "pty-reader"
        thread.start()
    }

    private func drain() {
        var buffer = [UInt8](repeating: 0, count: 65536)
        var fds = [pollfd(fd: master, events: Int16(POLLIN), revents: 0)]
        while !stopping.load(ordering: .relaxed) {
            guard poll(&fds, 1, 20) > 0 else { continue }
            let n = read(master, &buffer, buffer.count)
            if n <= 0 { if errno == EINTR || errno == EAGAIN { continue } else { break } }
            byteCount.add(n, ordering: .relaxed)
            if captureLimit > 0 {
                captured.withLock { out in
                    out.append(contentsOf: buffer[0..<n])
                    if out.count > captureLimit { out.removeFirst(out.count - captureLimit) }
                }
            }
        }
        readerDone.withLock { $0 = true }
    }

    /// Everything the program wrote so far (up to the capture limit), as UTF-8 text.
    public var output: String { String(decoding: captured.withLock { $0 }, as: UTF8.self) }
    /// Bytes the program wrote so far.
    public var bytesWritten: Int { byteCount.load(ordering: .relaxed) }
    /// Forgets the captured output (the byte count keeps counting).
    public func clearOutput() { captured.withLock { $0.removeAll() } }

    /// Types `text` as if on the keyboard (raw bytes to the master side).
    public func type(_ text: String) {
        var bytes = Array(text.utf8)
        _ = write(master, &bytes, bytes.count)
    }

    /// Changes the terminal's size, as a terminal emulator does when its window is resized.
    ///
    /// The kernel signals SIGWINCH only to the terminal's foreground process group; a program
    /// driving this pseudo-terminal from inside the same process raises SIGWINCH itself.
    public func resize(to size: Size) {
        _ = es_set_winsize(master, UInt16(size.height), UInt16(size.width))
    }

    /// Waits until the captured output contains `text`, up to `timeout`.
    /// - Returns: Whether it appeared.
    public func waitForOutput(containing text: String, timeout: Duration = .seconds(5)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if output.contains(text) { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return output.contains(text)
    }

    /// Stops the reader and closes both sides.
    public func close() {
        guard !stopping.exchange(true, ordering: .relaxed) else { return }
        while !readerDone.withLock({ $0 }) { usleep(1000) }
        _ = Foundation.close(slave)
        _ = Foundation.close(master)
    }

    deinit { close() }
}
