import Foundation
import SteadyRules

/// The lines of a JSONL file, read a block at a time, so memory stays flat however long the
/// file is: at most one block of lines, one read buffer and one line under way are held.
///
/// ```swift
/// var blocks = try LineBlocks(path: "states.jsonl", linesPerBlock: 4096)
/// while let block = try blocks.next() { for line in block.lines { … block.bytes[line.range] … } }
/// ```
///
/// A line longer than `maxLineBytes` is not kept: it comes with an empty range, its number is
/// listed in the block's ``Block/overlong``, and its bytes are skipped to the next newline.
public struct LineBlocks {
    /// Some consecutive lines of the file.
    public struct Block: Sendable {
        /// The bytes the line ranges index.
        public let bytes: [UInt8]
        /// Each non-empty line: its number in the file (1-based) and its byte range.
        public let lines: [(number: Int, range: Range<Int>)]
        /// The numbers of the lines longer than the limit (their ranges are empty).
        public let overlong: Set<Int>
        /// Bytes of the file read so far, for progress.
        public let bytesRead: Int
    }

    /// How many bytes one read asks for.
    static let readSize = 1 << 20

    private let path: String
    private let file: UnsafeMutablePointer<FILE>
    private let owner: FileCloser
    let linesPerBlock: Int
    let maxLineBytes: Int
    /// The start of a line not yet complete, carried to the next block.
    private var pending: [UInt8] = []
    private var number = 1
    private var atEnd = false
    /// Inside an overlong line: its bytes are dropped until its newline.
    private var skipping = false
    private var bytesRead = 0

    /// Opens `path`; throws when it is not a file that can be read.
    public init(path: String, linesPerBlock: Int, maxLineBytes: Int = Limits.default.maxFileBytes) throws(BatchReadError) {
        guard let file = fopen(path, "rb") else { throw BatchReadError(path: path) }
        owner = FileCloser(file)
        self.path = path
        var status = stat()
        guard fstat(fileno(file), &status) == 0, status.st_mode & S_IFMT != S_IFDIR else { throw BatchReadError(path: path) }
        self.file = file
        self.linesPerBlock = Swift.max(1, linesPerBlock)
        self.maxLineBytes = maxLineBytes
    }

    /// The next block, or nil at the end of the file; throws when reading fails.
    public mutating func next() throws(BatchReadError) -> Block? {
        var lines: [(number: Int, range: Range<Int>)] = [], overlong: Set<Int> = []
        var lineStart = 0, scan = 0
        while lines.count < linesPerBlock {
            let newline = pending.withUnsafeBytes { buffer -> Int? in
                guard let base = buffer.baseAddress, scan < buffer.count else { return nil }
                return memchr(base + scan, 0x0A, buffer.count - scan).map { UnsafeRawPointer($0) - base }
            }
            if let newline {
                if !skipping, newline - lineStart > maxLineBytes {
                    overlong.insert(number)
                    lines.append((number, lineStart..<lineStart))
                } else if !skipping, newline > lineStart {
                    lines.append((number, lineStart..<newline))
                }
                skipping = false
                number += 1
                lineStart = newline + 1
                scan = lineStart
                continue
            }
            if skipping || pending.count - lineStart > maxLineBytes {
                if !skipping {
                    overlong.insert(number)
                    lines.append((number, lineStart..<lineStart))
                }
                skipping = true
                pending.removeSubrange(lineStart...)
            }
            scan = pending.count
            if atEnd {
                // A last line without a newline.
                if !skipping, pending.count > lineStart { lines.append((number, lineStart..<pending.count)) }
                skipping = false
                lineStart = pending.count
                break
            }
            let count = pending.count
            pending.append(contentsOf: repeatElement(0, count: Self.readSize))
            let read = pending.withUnsafeMutableBytes { fread($0.baseAddress! + count, 1, Self.readSize, file) }
            pending.removeSubrange((count + read)...)
            bytesRead += read
            if read == 0 {
                guard ferror(file) == 0 else { throw BatchReadError(path: path) }
                atEnd = true
            }
        }
        guard !lines.isEmpty || !overlong.isEmpty else { return nil }
        let bytes = pending
        pending = Array(pending[lineStart...])
        return Block(bytes: bytes, lines: lines, overlong: overlong, bytesRead: bytesRead)
    }

    /// Closes the file when the last copy of the sequence goes.
    private final class FileCloser {
        let file: UnsafeMutablePointer<FILE>
        init(_ file: UnsafeMutablePointer<FILE>) { self.file = file }
        deinit { fclose(file) }
    }
}

/// A batch file that could not be opened.
public struct BatchReadError: Error, CustomStringConvertible {
    public let path: String
    public var description: String { "cannot read '\(path)'" }
}
