import Foundation

/// JSON-RPC 2.0 messages over a byte stream with LSP's framing: `Content-Length: N` headers, a
/// blank line, then N bytes of JSON. Reads are bounded: a header block over 4 KB or a body over
/// ``maxBody`` is a framing error, after which the stream cannot be trusted and is closed.
final class JSONRPCConnection {
    /// The largest message body accepted (a rule file is at most 16 MB; JSON escaping can grow it).
    static let maxBody = 64 * 1024 * 1024

    enum ReadError: Error, Equatable {
        case endOfStream
        case badHeader(String)
    }

    private let input: FileHandle
    private let output: FileHandle
    private var buffer = Data()

    init(input: FileHandle, output: FileHandle) {
        self.input = input
        self.output = output
    }

    /// The next message's JSON body.
    func read() throws(ReadError) -> Data {
        var length: Int?
        while true {
            let line = try readLine()
            if line.isEmpty { break }
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { throw .badHeader("'\(line.prefix(80))' is not a header") }
            if parts[0].lowercased() == "content-length" {
                guard let value = Int(parts[1]), value >= 0, value <= Self.maxBody else {
                    throw .badHeader("Content-Length '\(parts[1].prefix(20))' is not a length from 0 to \(Self.maxBody)")
                }
                length = value
            }
        }
        guard let length else { throw .badHeader("a message without Content-Length") }
        return try readBytes(length)
    }

    /// Writes one message.
    func write(_ message: [String: Any]) {
        guard let body = try? JSONSerialization.data(withJSONObject: message, options: [.withoutEscapingSlashes]) else { return }
        output.write(Data("Content-Length: \(body.count)\r\n\r\n".utf8) + body)
    }

    private func readLine() throws(ReadError) -> String {
        while true {
            if let end = buffer.firstRange(of: Data("\r\n".utf8)) {
                let line = String(decoding: buffer[buffer.startIndex..<end.lowerBound], as: UTF8.self)
                buffer.removeSubrange(buffer.startIndex..<end.upperBound)
                return line
            }
            guard buffer.count <= 4096 else { throw .badHeader("a header line longer than 4096 bytes") }
            try fill()
        }
    }

    private func readBytes(_ count: Int) throws(ReadError) -> Data {
        while buffer.count < count { try fill() }
        let body = buffer.prefix(count)
        buffer.removeSubrange(buffer.startIndex..<(buffer.startIndex + count))
        return Data(body)
    }

    private func fill() throws(ReadError) {
        let chunk = input.availableData
        guard !chunk.isEmpty else { throw .endOfStream }
        buffer.append(chunk)
    }
}
