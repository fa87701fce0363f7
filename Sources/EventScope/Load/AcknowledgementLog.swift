import Foundation
import Synchronization

/// An append-only file of lines, each written (unbuffered) the moment it is known: a load's
/// acknowledged event ids, or a torture child's command outcomes. After a crash (`kill -9`),
/// every line names something that happened — an acknowledged event the store must hold.
public final class AcknowledgementLog: Sendable {
    private let handle: Mutex<FileHandle>

    /// Opens (or creates) the log at `path` for appending.
    /// - Throws: ``AcknowledgementLogError`` when the file cannot be written.
    public init(path: String) throws {
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        guard let h = FileHandle(forWritingAtPath: path) else {
            throw AcknowledgementLogError(path: path)
        }
        h.seekToEndOfFile()
        handle = Mutex(h)
    }

    /// Appends one line.
    public func write(_ line: String) {
        handle.withLock { $0.write(Data((line + "\n").utf8)) }
    }
}

/// The acknowledgement log's file cannot be written.
public struct AcknowledgementLogError: Error, CustomStringConvertible {
    /// The file.
    public let path: String
    public var description: String { "cannot write the acknowledgement log \(path)" }
}
