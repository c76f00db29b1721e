import ArgumentParser

/// `--catalog PATH`, repeatable: the action catalog and plan policy files or folders. Several
/// are layered like rule files: a clinic catalog that imports the default one can be given with
/// it or alone.
struct CatalogOption: ParsableArguments {
    @Option(name: .customLong("catalog"),
            help: ArgumentHelp("Action catalog and plan policy file or folder (repeatable; default: plans/).", valueName: "path"))
    var given: [String] = []

    /// The paths given, or `plans`.
    var paths: [String] { given.isEmpty ? ["plans"] : given }
}
