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
    /// Whether to add lint warnings (SR07xx) to what loaded cleanly; a command that only
    /// evaluates the rules (plan, batch) can skip them.
    public let lints: Bool
    /// How many cores read, decode and check a large rule file (the result is the same
    /// whatever it is).
    public let jobs: Int
    /// The day `reviewed:` dates are judged against (a review more than two years before it is
    /// warned about); nil leaves review dates unchecked, so a load does not depend on the clock.
    public let reviewDay: Day?

    public init(limits: Limits = .default, lints: Bool = true, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
                reviewDay: Day? = nil) {
        self.limits = limits
        self.lints = lints
        self.jobs = max(1, jobs)
        self.reviewDay = reviewDay
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

    /// Loads the YAML files at `paths` (files, or folders searched for `*.yaml`/`*.yml`), and
    /// the rule sets their `imports:` name. Rule sets that do not import each other are layered
    /// in the order of `paths`. A file whose path is a key of `overlay` is read from there
    /// instead of the disk (an editor's unsaved text).
    public func load(paths: [String], overlay: [String: Data] = [:]) -> Result {
        var diagnostics: [Diagnostic] = []
        var initial: [(path: String, rank: Int)] = []
        for (rank, path) in paths.enumerated() {
            for file in Self.expand([path], diagnostics: &diagnostics) where !initial.contains(where: { $0.path == file }) {
                initial.append((file, rank))
            }
        }
        // An import, as written in a rule file, may only reach rule files under the current
        // folder, a path given or a path's parent folder (where a clinic layer's base sits):
        // never /etc/passwd or /proc/self/environ. A symbolic link inside those folders is
        // followed: making one takes the file system, which a rule file's author does not have.
        let roots = ([FileManager.default.currentDirectoryPath] + paths.flatMap { [$0, $0 + "/.."] }).map(Self.absolutePath)
        return load(initial, diagnostics: diagnostics, read: { path in
            if let data = overlay[path] { return .success(data) }
            guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int else {
                return .failure(ReadFailure(Diagnostic(.unreadablePath, "cannot read '\(path)'", at: nil)))
            }
            if size > limits.maxFileBytes {
                // Refuse before reading a huge file into memory.
                return .failure(ReadFailure(Diagnostic(.fileTooLarge, "file is \(size) bytes; the limit is \(limits.maxFileBytes)",
                                                       at: SourceSpan(file: path, start: .init(line: 1, column: 1)),
                                                       hint: "split it into several files in one folder")))
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                return .failure(ReadFailure(Diagnostic(.unreadablePath, "cannot read '\(path)'", at: nil)))
            }
            return .success(data)
        }, resolve: { path in
            let target = Self.absolutePath(path)
            guard roots.contains(where: { target == $0 || target.hasPrefix($0 == "/" ? $0 : $0 + "/") }) else {
                return .failure("'\(path)' is outside the current folder and the paths given")
            }
            var ignored: [Diagnostic] = []
            guard FileManager.default.fileExists(atPath: path) else { return .success([]) }
            let files = Self.expand([path], diagnostics: &ignored)
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue, files.first.map(Self.isYAML) != true {
                return .failure("'\(path)' is not a rule file (.yaml or .yml)")
            }
            return .success(files)
        })
    }

    /// `path` made absolute with `.` and `..` folded (symbolic links left as they are).
    static func absolutePath(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    static func isYAML(_ path: String) -> Bool { path.hasSuffix(".yaml") || path.hasSuffix(".yml") }

    /// Loads files already in memory; `path` names each in diagnostics, and imports resolve
    /// among these paths. Within a rule set the order of `sources` does not matter; rule sets
    /// that do not import each other are layered in the order they first appear.
    public func load(sources: [(path: String, data: Data)]) -> Result {
        let byPath = Dictionary(sources.map { ($0.path, $0.data) }, uniquingKeysWith: { first, _ in first })
        return load(sources.enumerated().map { ($1.path, $0) }, diagnostics: [], read: { path in
            byPath[path].map { .success($0) } ?? .failure(ReadFailure(Diagnostic(.unreadablePath, "cannot read '\(path)'", at: nil)))
        }, resolve: { path in
            .success(byPath.keys.filter { $0 == path || $0.hasPrefix(path + "/") }.sorted())
        })
    }

    /// Why an import was not followed.
    private struct ImportRefused: Error, ExpressibleByStringLiteral, ExpressibleByStringInterpolation {
        let reason: String
        init(stringLiteral reason: String) { self.reason = reason }
    }

    /// A file that could not be read, as the diagnostic saying so.
    private struct ReadFailure: Error {
        let diagnostic: Diagnostic
        init(_ diagnostic: Diagnostic) { self.diagnostic = diagnostic }
    }

    /// The stages: read and decode every file, follow imports until none is new, then check
    /// everything together and lint what loaded cleanly.
    private func load(_ initial: [(path: String, rank: Int)], diagnostics prior: [Diagnostic],
                      read: (String) -> Swift.Result<Data, ReadFailure>, resolve: (String) -> Swift.Result<[String], ImportRefused>) -> Result {
        var diagnostics = prior
        var files: [SourceFile] = []
        var syntaxes: [FileSyntax] = []
        var seen: Set<String> = []
        var queue = initial.sorted { ($0.rank, $0.path) < ($1.rank, $1.path) }
        let given = Set(initial.map(\.path))
        let reader = YAMLReader(limits: limits, jobs: jobs)
        while !queue.isEmpty {
            let (path, rank) = queue.removeFirst()
            guard seen.insert(path).inserted else { continue }
            if seen.count > limits.maxFiles {
                diagnostics.append(Diagnostic(.tooMany, "more than \(limits.maxFiles) files to load", at: nil,
                                              hint: "point at the rule set's own folder"))
                break
            }
            let data: Data
            switch read(path) {
            case .success(let bytes): data = bytes
            case .failure(let failure): diagnostics.append(failure.diagnostic); continue
            }
            let readResult = reader.read(data, path: path)
            if let source = readResult.source { files.append(source) }
            diagnostics += readResult.diagnostics
            guard let root = readResult.root, let source = readResult.source else { continue }
            let (decoded, decodeDiagnostics) = FileDecoder.decode(root, file: source, limits: limits, jobs: jobs)
            diagnostics += decodeDiagnostics
            guard var syntax = decoded else { continue }
            syntax.rank = rank
            syntax.imported = !given.contains(path)
            for (target, span) in syntax.imports {
                let resolved: [String]
                switch resolve(Self.join(path, target)) {
                case .success(let files): resolved = files
                case .failure(let refused):
                    diagnostics.append(Diagnostic(.unreadablePath, "import '\(target)' is refused: \(refused.reason)", at: span,
                                                  hint: "imports name rule files or folders next to the rule set, relative to the importing file"))
                    continue
                }
                if resolved.isEmpty {
                    diagnostics.append(Diagnostic(.unreadablePath, "imported rule set '\(target)' was not found", at: span,
                                                  hint: "imports are relative to the importing file"))
                }
                syntax.importedFiles.append(resolved)
                queue += resolved.filter { !seen.contains($0) }.map { ($0, rank) }
            }
            syntaxes.append(syntax)
        }
        let (ruleSet, catalog, policy, checkDiagnostics) = RuleSetBuilder.build(syntaxes, limits: limits, jobs: jobs)
        diagnostics += checkDiagnostics
        // Lint only what loaded cleanly: warnings about a broken rule set would be noise.
        if lints, let ruleSet, !diagnostics.hasErrors {
            diagnostics += Linter.lint(ruleSet, catalog: catalog, policy: policy, reviewDay: reviewDay)
        }
        let failed = diagnostics.hasErrors
        return Result(ruleSet: failed ? nil : ruleSet, catalog: failed ? nil : catalog, policy: failed ? nil : policy,
                      diagnostics: diagnostics.sorted(), files: files.sorted { $0.path < $1.path })
    }

    /// `relative` resolved against the folder of `file`, with `.` and `..` folded.
    static func join(_ file: String, _ relative: String) -> String {
        let base = relative.hasPrefix("/") ? [] : file.split(separator: "/", omittingEmptySubsequences: false).dropLast().map(String.init)
        var parts: [String] = []
        for part in base + relative.split(separator: "/").map(String.init) {
            switch part {
            case ".", "": continue
            case "..": if let last = parts.last, last != ".." { parts.removeLast() } else { parts.append("..") }
            default: parts.append(part)
            }
        }
        return (file.hasPrefix("/") || relative.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
    }

    /// The YAML files `paths` name (files as given, folders searched), sorted; what
    /// ``load(paths:overlay:)`` starts from.
    public static func files(under paths: [String]) -> [String] {
        var ignored: [Diagnostic] = []
        return expand(paths, diagnostics: &ignored)
    }

    /// How many folder entries a search looks at before it gives up (`steady check /`).
    static let maxEntriesSearched = 100_000

    /// The YAML files named by `paths`: files as given, folders searched recursively (hidden
    /// entries skipped, at most ``maxEntriesSearched`` entries), sorted so that the load does
    /// not depend on directory order.
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
            // "/" stays "/" (dropping its slash would search the current folder instead).
            let base = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
            // Enumerate through a symlinked folder, but name files by the path given.
            let enumerator = FileManager.default.enumerator(atPath: URL(fileURLWithPath: base).resolvingSymlinksInPath().path)
            var searched = 0
            while let relative = enumerator?.nextObject() as? String {
                searched += 1
                guard searched <= maxEntriesSearched else {
                    diagnostics.append(Diagnostic(.tooMany, "'\(path)' holds more than \(maxEntriesSearched) files and folders; the search stopped",
                                                  at: nil, hint: "point at the rule set's own folder"))
                    break
                }
                let name = (relative as NSString).lastPathComponent
                if name.hasPrefix(".") {
                    enumerator?.skipDescendants()
                    continue
                }
                if name.hasSuffix(".yaml") || name.hasSuffix(".yml") { found.insert(base == "/" ? "/\(relative)" : "\(base)/\(relative)") }
            }
        }
        return found.sorted()
    }
}
