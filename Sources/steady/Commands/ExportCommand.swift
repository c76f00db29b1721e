import ArgumentParser
import Foundation
import SteadyEngine
import SteadyFHIR
import SteadyRules
import SteadyStore

/// `steady export`: the rule base and patients' states as FHIR R4 resources.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the rule base or a state as FHIR R4 resources (JSON).",
        discussion: "The mapping tables are in docs/fhir.md.",
        subcommands: [PlanDefinitionExport.self, ObservationsExport.self]
    )
}

/// `steady export plandefinition PATH...`
struct PlanDefinitionExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plandefinition",
        abstract: "Write the rule set and catalog as a FHIR Bundle: a PlanDefinition (one action per rule), an ActivityDefinition per action and the CodeSystems of actions and facts.",
        discussion: """
            Examples:
              steady export plandefinition rules/cervical-dystonia plans > plandefinition.json
            """
    )

    @Argument(help: ArgumentHelp("Rule files or folders and the catalog (default: rules plans).", valueName: "path"))
    var paths: [String] = []

    func run() throws {
        let paths = self.paths.isEmpty ? ["rules", "plans"] : self.paths
        for path in paths where !FileManager.default.fileExists(atPath: path) { throw ValidationError("no such file or folder: '\(path)'") }
        let loaded = RuleLoader().load(paths: paths)
        guard let ruleSet = loaded.ruleSet, let catalog = loaded.catalog, !loaded.diagnostics.hasErrors else {
            throw Failure.diagnostics(loaded.diagnostics.hasErrors ? loaded.diagnostics
                                      : [Diagnostic(.noCatalog, "a PlanDefinition needs both the rule set and the catalog", at: nil,
                                                    hint: "pass the rule folder and the catalog folder")], files: loaded.files)
        }
        print(FHIRSystem.json(PlanDefinitionBundle(ruleSet: ruleSet, catalog: catalog).resource), terminator: "")
    }
}

/// `steady export observations --state FILE --patient ID`
struct ObservationsExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "observations",
        abstract: "Write a state (and its history) as a FHIR Bundle of Observations, as steady plan --fhir reads them.",
        discussion: """
            Examples:
              steady export observations --state examples/pain-flare.yaml --patient p1 > p1.json
              steady plan --fhir p1.json
            """
    )

    @Option(help: ArgumentHelp("The state, a YAML or JSON file.", valueName: "file"))
    var state: String

    @Option(help: ArgumentHelp("Earlier check-ins, a YAML or JSON list of states with dates.", valueName: "file"))
    var history: String?

    @Option(help: ArgumentHelp("The patient id the Observations are about (Patient/{id}).", valueName: "id"))
    var patient: String

    @Option(name: .customLong("rules"), help: ArgumentHelp("Rule files or folders whose facts the state uses (default: rules/).", valueName: "path"))
    var rules: [String] = []

    func validate() throws {
        guard PatientID.isValid(patient) else { throw ValidationError("--patient: " + PatientID.problem(patient)) }
    }

    func run() throws {
        let paths = rules.isEmpty ? ["rules"] : rules
        for path in paths + [state] + (history.map { [$0] } ?? []) where !FileManager.default.fileExists(atPath: path) {
            throw ValidationError("no such file or folder: '\(path)'")
        }
        let loaded = RuleLoader().load(paths: paths)
        guard let ruleSet = loaded.ruleSet else { throw Failure.diagnostics(loaded.diagnostics, files: loaded.files) }
        let facts = try PlanInputs.read(state: state, history: history, schema: ruleSet.schema)
        do {
            print(FHIRSystem.json(try ObservationBundle(facts: facts, patient: patient, schema: ruleSet.schema).resource()), terminator: "")
        } catch {
            throw Failure.message("\(error)")
        }
    }
}
