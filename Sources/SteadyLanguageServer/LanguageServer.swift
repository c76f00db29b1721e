import Foundation
import SteadyRules

/// A Language Server (LSP 3.17, JSON-RPC 2.0 over stdio) for Steady's rule files, catalogs and
/// policies: diagnostics with Steady's codes on open, change and save; hover for facts,
/// actions, rules and parameters; go to the definition of a fact, parameter, rule or action
/// across layers; completion of fact names, fields, functions, enum values and action ids.
///
/// Documents are synchronised whole (`TextDocumentSyncKind.Full`). Each change reloads the
/// document's rule set from its folder, its imports and the catalog (`initializationOptions:
/// {"paths": [...]}`, default `plans/` under the workspace root), with open documents as the
/// editor has them.
public final class LanguageServer {
    private let connection: JSONRPCConnection
    private let workspace = Workspace()
    private var shutdownRequested = false
    /// Files that were last sent diagnostics, so a fixed file is cleared.
    private var published: Set<String> = []

    public init(input: FileHandle = .standardInput, output: FileHandle = .standardOutput) {
        connection = JSONRPCConnection(input: input, output: output)
    }

    /// Serves until `exit` or the end of the input; returns the exit code (0 after `shutdown`).
    public func run() -> Int32 {
        while true {
            let body: Data
            do {
                body = try connection.read()
            } catch .endOfStream {
                return shutdownRequested ? 0 : 1
            } catch {
                FileHandle.standardError.write(Data("steady lsp: \(error); closing\n".utf8))
                return 1
            }
            guard let message = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else {
                connection.write(["jsonrpc": "2.0", "id": NSNull(), "error": ["code": -32700, "message": "the message is not a JSON object"]])
                continue
            }
            let method = message["method"] as? String ?? ""
            let params = message["params"] as? [String: Any] ?? [:]
            if method == "exit" { return shutdownRequested ? 0 : 1 }
            guard let id = message["id"] else {
                notification(method, params)
                continue
            }
            do {
                connection.write(["jsonrpc": "2.0", "id": id, "result": try request(method, params)])
            } catch let error as RequestError {
                connection.write(["jsonrpc": "2.0", "id": id, "error": ["code": error.code, "message": error.message]])
            } catch {
                connection.write(["jsonrpc": "2.0", "id": id, "error": ["code": -32603, "message": "\(error)"]])
            }
        }
    }

    struct RequestError: Error {
        let code: Int
        let message: String
    }

    private func request(_ method: String, _ params: [String: Any]) throws -> Any {
        switch method {
        case "initialize":
            configure(params)
            return ["capabilities": [
                "textDocumentSync": ["openClose": true, "change": 1, "save": ["includeText": false]],
                "hoverProvider": true, "definitionProvider": true,
                "completionProvider": ["triggerCharacters": [".", "'", "\""]],
            ], "serverInfo": ["name": "steady"]]
        case "shutdown":
            shutdownRequested = true
            return NSNull()
        case "textDocument/hover":
            guard let (word, _) = try word(params) else { return NSNull() }
            guard let text = Hover.markdown(for: word, ruleSet: workspace.ruleSet, catalog: workspace.catalog) else { return NSNull() }
            return ["contents": ["kind": "markdown", "value": text]]
        case "textDocument/definition":
            guard let (word, _) = try word(params),
                  let span = Definition.span(of: word, ruleSet: workspace.ruleSet, catalog: workspace.catalog) else { return NSNull() }
            return ["uri": Self.uri(span.file), "range": TextPosition.range(span, in: workspace.files[span.file])]
        case "textDocument/completion":
            let (path, line, character) = try position(params)
            let text = workspace.text(of: path).flatMap { SourceFile(path: path, text: $0).line(line + 1).map(String.init) } ?? ""
            let before = String(decoding: Array(text.utf16.prefix(character)), as: UTF16.self)
            let items = Completion.items(before: before, ruleSet: workspace.ruleSet, catalog: workspace.catalog)
            return ["isIncomplete": false, "items": items.map { ["label": $0.label, "kind": $0.kind.rawValue, "detail": $0.detail] }]
        default:
            throw RequestError(code: -32601, message: "method '\(method.prefix(100))' is not supported")
        }
    }

    private func notification(_ method: String, _ params: [String: Any]) {
        let document = params["textDocument"] as? [String: Any]
        guard let uri = document?["uri"] as? String, let path = Self.path(uri) else { return }
        switch method {
        case "textDocument/didOpen":
            workspace.open(path, text: document?["text"] as? String ?? "")
        case "textDocument/didChange":
            guard let text = (params["contentChanges"] as? [[String: Any]])?.last?["text"] as? String else { return }
            workspace.open(path, text: text)
        case "textDocument/didClose":
            workspace.close(path)
        case "textDocument/didSave":
            break
        default:
            return
        }
        publish(workspace.analyze(path))
    }

    private func configure(_ params: [String: Any]) {
        let root = (params["rootUri"] as? String).flatMap(Self.path) ?? params["rootPath"] as? String
        if let paths = (params["initializationOptions"] as? [String: Any])?["paths"] as? [String] {
            workspace.extraPaths = paths.map { $0.hasPrefix("/") || root == nil ? $0 : "\(root!)/\($0)" }
        } else if let root, FileManager.default.fileExists(atPath: "\(root)/plans") {
            workspace.extraPaths = ["\(root)/plans"]
        }
    }

    private func publish(_ diagnostics: [String: [Diagnostic]]) {
        for path in published.subtracting(diagnostics.keys) {
            connection.write(["jsonrpc": "2.0", "method": "textDocument/publishDiagnostics", "params": ["uri": Self.uri(path), "diagnostics": []]])
        }
        for (path, list) in diagnostics.sorted(by: { $0.key < $1.key }) {
            let file = workspace.files[path]
            connection.write(["jsonrpc": "2.0", "method": "textDocument/publishDiagnostics", "params": [
                "uri": Self.uri(path),
                "diagnostics": list.map { diagnostic -> [String: Any] in
                    var entry: [String: Any] = [
                        "range": TextPosition.range(diagnostic.span ?? SourceSpan(file: path, start: .init(line: 1, column: 1)), in: file),
                        "severity": diagnostic.severity == .error ? 1 : 2, "code": diagnostic.code.rawValue, "source": "steady",
                        "message": diagnostic.message + (diagnostic.hint.map { "\nhint: \($0)" } ?? ""),
                    ]
                    if !diagnostic.notes.isEmpty {
                        entry["relatedInformation"] = diagnostic.notes.compactMap { note -> [String: Any]? in
                            guard let span = note.span else { return nil }
                            return ["location": ["uri": Self.uri(span.file), "range": TextPosition.range(span, in: workspace.files[span.file])],
                                    "message": note.message]
                        }
                    }
                    return entry
                },
            ]])
        }
        published = Set(diagnostics.keys)
    }

    /// The document path and the LSP position of a request.
    private func position(_ params: [String: Any]) throws -> (path: String, line: Int, character: Int) {
        guard let uri = (params["textDocument"] as? [String: Any])?["uri"] as? String, let path = Self.path(uri),
              let position = params["position"] as? [String: Any], let line = position["line"] as? Int,
              let character = position["character"] as? Int, line >= 0, character >= 0 else {
            throw RequestError(code: -32602, message: "expected textDocument.uri (a file: URI) and position {line, character}")
        }
        return (path, line, character)
    }

    /// The word under a request's position, and the document's path.
    private func word(_ params: [String: Any]) throws -> (String, String)? {
        let (path, line, character) = try position(params)
        guard let text = workspace.text(of: path), let lineText = SourceFile(path: path, text: text).line(line + 1) else { return nil }
        return TextPosition.word(at: character, in: String(lineText)).map { ($0, path) }
    }

    static func path(_ uri: String) -> String? {
        guard let url = URL(string: uri), url.isFileURL else { return nil }
        return url.standardizedFileURL.path
    }

    static func uri(_ path: String) -> String { URL(fileURLWithPath: path).absoluteString }
}
