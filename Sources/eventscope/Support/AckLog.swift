import Foundation
import Synchronization

/// An append-only file of acknowledged event ids, one per line, each written (unbuffered)
/// the moment its command is acknowledged: after a crash, every line names an event the
/// store must hold.
final class AckLog: Sendable {
    private let handle: Mutex<FileHandle>

    init(path: String) throws {
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        guard let h = FileHandle(forWritingAtPath: path) else {
            throw CLIFailure("cannot write the acknowledgement log \(path)")
        }
        h.seekToEndOfFile()
        handle = Mutex(h)
    }

    func write(_ line: String) {
        handle.withLock { $0.write(Data((line + "\n").utf8)) }
    }
}
