import ArgumentParser
import Foundation
import SteadyLanguageServer

/// `steady lsp`: the language server, for editors.
struct LSPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lsp",
        abstract: "Run the Language Server (LSP 3.17 over standard input and output) for editors.",
        discussion: """
            Editors start it and talk to it; it is not run by hand. It reports Steady's \
            diagnostics (codes, ranges, hints) as you type, shows a fact's type and range or an \
            action's title and minutes on hover, goes to the definition of a fact, parameter, \
            rule or action across layers, and completes fact names, fields, functions, enum \
            values and action ids. The catalog is plans/ under the workspace root unless the \
            editor passes initializationOptions {"paths": ["my-catalog"]}. See docs/editors.md.

            Exit codes: 0 after the editor's shutdown and exit, 1 otherwise.
            """
    )

    func run() throws {
        let code = LanguageServer().run()
        if code != 0 { throw ExitCode(code) }
    }
}
