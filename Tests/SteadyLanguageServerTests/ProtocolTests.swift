import Foundation
import Testing
@testable import SteadyLanguageServer

/// The language server as an untrusted stream sees it: framing errors close it, bad messages
/// get JSON-RPC errors, and the exit code says whether the editor shut it down properly.
/// (Features are tested end to end with pytest-lsp: Tests/LSP.)
struct ProtocolTests {
    /// Runs the server on `messages` (already framed or raw bytes) and returns its exit code
    /// and the JSON bodies it wrote.
    func serve(_ input: Data) throws -> (code: Int32, replies: [[String: Any]]) {
        let inputPipe = Pipe(), outputPipe = Pipe()
        inputPipe.fileHandleForWriting.write(input)
        try inputPipe.fileHandleForWriting.close()
        let code = LanguageServer(input: inputPipe.fileHandleForReading, output: outputPipe.fileHandleForWriting).run()
        try outputPipe.fileHandleForWriting.close()
        let output = outputPipe.fileHandleForReading.readDataToEndOfFile()
        var replies: [[String: Any]] = []
        var rest = output[...]
        while let header = rest.firstRange(of: Data("\r\n\r\n".utf8)) {
            let length = Int(String(decoding: rest[rest.startIndex..<header.lowerBound], as: UTF8.self).split(separator: " ").last!)!
            let body = rest[header.upperBound..<(header.upperBound + length)]
            replies.append(try JSONSerialization.jsonObject(with: body) as! [String: Any])
            rest = rest[(header.upperBound + length)...]
        }
        return (code, replies)
    }

    func frame(_ json: String) -> Data { Data("Content-Length: \(json.utf8.count)\r\n\r\n\(json)".utf8) }

    @Test func shutdownThenExitEndsWithZero() throws {
        let (code, replies) = try serve(frame(#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#) + frame(#"{"jsonrpc":"2.0","method":"exit"}"#))
        #expect(code == 0)
        #expect(replies.count == 1 && replies[0]["result"] is NSNull)
    }

    @Test func exitWithoutShutdownOrAClosedStreamEndsWithOne() throws {
        #expect(try serve(frame(#"{"jsonrpc":"2.0","method":"exit"}"#)).code == 1)
        #expect(try serve(Data()).code == 1)
    }

    @Test func badMessagesGetJSONRPCErrors() throws {
        let (_, replies) = try serve(frame("not json") + frame(#"{"jsonrpc":"2.0","id":7,"method":"workspace/symbol"}"#)
                                     + frame(#"{"jsonrpc":"2.0","id":8,"method":"textDocument/hover","params":{}}"#))
        #expect(replies.map { ($0["error"] as? [String: Any])?["code"] as? Int } == [-32700, -32601, -32602])
        #expect(replies.map { $0["id"] as? Int } == [nil, 7, 8])
    }

    @Test(arguments: ["Content-Length: 99999999999\r\n\r\n", "Content-Length: -1\r\n\r\n", "Nonsense\r\n\r\n", "X-Other: 1\r\n\r\n{}",
                      String(repeating: "a", count: 5000)])
    func aBrokenFrameClosesTheStream(_ raw: String) throws {
        let (code, replies) = try serve(Data(raw.utf8) + frame(#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#))
        #expect(code == 1)
        #expect(replies.isEmpty)
    }
}
