import Foundation

/// Loads rule sets and action catalogs from files and folders, in named stages:
/// find files → read YAML (with guards) → decode shape → check schema, expressions and
/// references. Every problem of every stage is collected; the result holds a rule set and a
/// catalog only when there were no errors.
///
/// ```swift
/// let result = RuleLoader().load(paths: ["rules/cervical-dystonia", "plans"])
/// if let rules = result.ruleSet { print(rules.rules.count) }
/// print(DiagnosticRenderer(files: result.files).render(result.diagnostics))
/// ```
public struct RuleLoader: Sendable {
    public let limits: Limits

    public init(limits: Limits = .default) {
        self.limits = limits
    }

    /// What a load produced.
    public struct Result: Sendable {
        /// The checked rule set, when rule files were given and there was no error.
        public let ruleSet: RuleSet?
        /// The checked catalog, when catalog files were given and there was no error.
        public let catalog: ActionCatalog?
        /// The plan policy, when a policy file was given and there was no error.
        public let policy: PlanPolicy?
        /// Every problem found, sorted by file and position.
        public let diagnostics: [Diagnostic]
        /// The text of every file read, for rendering excerpts.
        public let files: [SourceFile]
    }

    /// Loads the YAML files at `paths` (files, or folders searched for `*.yaml`/`*.yml`).
    public func load(paths: [String]) -> Result {
        var diagnostics: [Diagnostic] = []
        var inputs: [(path: String, data: Data)] = []
        for path in Self.expand(paths, diagnostics: &diagnostics) {
            if inputs.count >= limits.maxFiles {
                diagnostics.append(Diagnostic(.tooMany, "more than \(limits.maxFiles) files to load", at: nil,
                                              hint: "point at the rule set's own folder"))
                break
            }
            guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int else {
                diagnostics.append(Diagnostic(.unreadablePath, "cannot read '\(path)'", at: nil))
                continue
            }
            if size > limits.maxFileBytes {
                // Refuse before reading a huge file into memory.
                diagnostics.append(Diagnostic(.fileTooLarge, "file is \(size) bytes; the limit is \(limits.maxFileBytes)",
                                              at: SourceSpan(file: path, start: .init(line: 1, column: 1)),
                                              hint: "split it into several files in one folder"))
                continue
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                diagnostics.append(Diagnostic(.unreadablePath, "cannot read '\(path)'", at: nil))
                continue
            }
            inputs.append((path, data))
        }
        let result = load(sources: inputs)
        let failed = diagnostics.hasErrors
        return Result(ruleSet: failed ? nil : result.ruleSet, catalog: failed ? nil : result.catalog,
                      policy: failed ? nil : result.policy, diagnostics: (diagnostics + result.diagnostics).sorted(),
                      files: result.files)
    }

    /// Loads files already in memory; `path` names each in diagnostics. The order of `sources`
    /// does not matter.
    public func load(sources: [(path: String, data: Data)]) -> Result {
        var diagnostics: [Diagnostic] = []
        var files: [SourceFile] = []
        var syntaxes: [FileSyntax] = []
        let reader = YAMLReader(limits: limits)
        for (path, data) in sources.sorted(by: { $0.path < $1.path }) {
            let read = reader.read(data, path: path)
            if let source = read.source { files.append(source) }
            diagnostics += read.diagnostics
            guard let root = read.root, let source = read.source else { continue }
            let (syntax, decodeDiagnostics) = FileDecoder.decode(root, file: source, limits: limits)
            diagnostics += decodeDiagnostics
            if let syntax { syntaxes.append(syntax) }
        }
        let (ruleSet, catalog, policy, checkDiagnostics) = RuleSetBuilder.build(syntaxes, limits: limits)
        diagnostics += checkDiagnostics
        // Lint only what loaded cleanly: warnings about a broken rule set would be noise.
        if let ruleSet, !diagnostics.hasErrors {
            diagnostics += Linter.lint(ruleSet, catalog: catalog, policy: policy)
        }
        let failed = diagnostics.hasErrors
        return Result(ruleSet: failed ? nil : ruleSet, catalog: failed ? nil : catalog, policy: failed ? nil : policy,
                      diagnostics: diagnostics.sorted(), files: files)
    }

    /// The YAML files named by `paths`: files as given, folders searched recursively (hidden
    /// entries skipped), sorted so that the load does not depend on directory order.
    static func expand(_ paths: [String], diagnostics: inout [Diagnostic]) -> [String] {
        var found: Set<String> = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                diagnostics.append(Diagnostic(.unreadablePath, "no such file or folder: '\(path)'", at: nil))
                continue
            }
            guard isDirectory.boolValue else {
                found.insert(path)
                continue
            }
            let base = path.hasSuffix("/") ? String(path.dropLast()) : path
            let enumerator = FileManager.default.enumerator(atPath: base)
            while let relative = enumerator?.nextObject() as? String {
                let name = (relative as NSString).lastPathComponent
                if name.hasPrefix(".") {
                    enumerator?.skipDescendants()
                    continue
                }
                if name.hasSuffix(".yaml") || name.hasSuffix(".yml") { found.insert("\(base)/\(relative)") }
            }
        }
        return found.sorted()
    }
}
