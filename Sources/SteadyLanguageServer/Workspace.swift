import Foundation
import SteadyRules

/// The rule files an editor has open, and what loading them — with the rest of their rule set,
/// its imports and the catalog, from the disk — gives: the diagnostics of every file, and the
/// last rule set and catalog that loaded, for hover, definitions and completion.
final class Workspace {
    /// Open documents by absolute path: the editor's text, saved or not.
    private(set) var documents: [String: String] = [:]
    /// Catalog (and other) paths loaded with every document's folder.
    var extraPaths: [String] = []
    /// The last rule set and catalog that loaded without errors.
    private(set) var ruleSet: RuleSet?
    private(set) var catalog: ActionCatalog?
    /// The text of every file of the last analysis, by path.
    private(set) var files: [String: SourceFile] = [:]

    func open(_ path: String, text: String) { documents[path] = text }
    func close(_ path: String) { documents[path] = nil }

    /// Loads the rule set `path` belongs to (every YAML file of its folder, their imports and
    /// ``extraPaths``, open documents as the editor has them) and returns the diagnostics of
    /// each file read, by path (an empty list for a file without any).
    func analyze(_ path: String) -> [String: [Diagnostic]] {
        let folder = (path as NSString).deletingLastPathComponent
        let overlay = documents.mapValues { Data($0.utf8) }
        let loaded = RuleLoader(lints: true, reviewDay: .today).load(paths: [folder] + extraPaths.filter { $0 != folder }, overlay: overlay)
        files = Dictionary(loaded.files.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        if let ruleSet = loaded.ruleSet { self.ruleSet = ruleSet }
        if let catalog = loaded.catalog { self.catalog = catalog }
        var byFile: [String: [Diagnostic]] = Dictionary(uniqueKeysWithValues: loaded.files.map { ($0.path, []) })
        if byFile[path] == nil { byFile[path] = [] }
        for diagnostic in loaded.diagnostics {
            // A problem with no place (a missing folder) is shown at the top of the document.
            byFile[diagnostic.span?.file ?? path, default: []].append(diagnostic)
        }
        return byFile
    }

    /// The text of `path` as the editor or the last analysis has it.
    func text(of path: String) -> String? { documents[path] ?? files[path]?.text }
}
