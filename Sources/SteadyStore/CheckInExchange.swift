import Foundation
import SteadyEngine
import SteadyRules

/// Check-ins as files another program reads or writes (a symptom-tracking app's export):
///
/// - **CSV**: a header row `patient,date,<fact>,...` (record fields by dotted name, `sleep.hours`),
///   one check-in per row, a set's items separated by `;`, an empty cell for a missing value.
///   The `patient` column may be left out when the importer names the patient.
/// - **JSON**: a list of states, each with its `date` and `patient`.
///
/// Every row is validated exactly like a state file; a problem names its row (CSV line or list
/// item) and field.
public enum CheckInExchange {
    public enum Format: String, Sendable, CaseIterable {
        case csv, json
    }

    /// What reading an import file gave: the check-ins in file order, or the problems found.
    public struct Import: Sendable {
        public var checkIns: [(patient: String, facts: FactBase)] = []
        public var problems: [String] = []
    }

    /// Reads check-ins from `text`; rows without a patient take `patient`.
    public static func read(_ text: String, format: Format, path: String, patient: String?, reader: StateReader) -> Import {
        switch format {
        case .csv: readCSV(text, path: path, patient: patient, reader: reader)
        case .json: readJSON(text, path: path, patient: patient, reader: reader)
        }
    }

    /// Writes check-ins, oldest first; nil for CSV when a check-in holds multi-instance facts.
    public static func write(_ checkIns: [CheckIn], format: Format, reader: StateReader) -> String? {
        let sorted = checkIns.sorted { ($0.patient, $0.day) < ($1.patient, $1.day) }
        switch format {
        case .json:
            let states = sorted.map { checkIn -> String in
                var object = (try? JSONSerialization.jsonObject(with: Data(checkIn.state.utf8))) as? [String: Any] ?? [:]
                object["patient"] = checkIn.patient
                let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
                return "  " + String(decoding: data, as: UTF8.self)
            }
            return "[\n" + states.joined(separator: ",\n") + "\n]\n"
        case .csv:
            let columns = FlatState.columns(reader.schema)
            var lines = [(["patient"] + columns).map(csvField).joined(separator: ",")]
            for checkIn in sorted {
                guard let facts = reader.read(jsonLine: Data(checkIn.state.utf8), path: "check-in", line: 1).facts,
                      let cells = FlatState.cells(facts, columns: columns) else { return nil }
                lines.append(([checkIn.patient] + cells).map(csvField).joined(separator: ","))
            }
            return lines.joined(separator: "\n") + "\n"
        }
    }

    private static func readCSV(_ text: String, path: String, patient: String?, reader: StateReader) -> Import {
        var result = Import()
        var rows = CSV.rows(text)
        guard !rows.isEmpty else {
            result.problems.append("\(path): empty file; the first row names the columns (date, stress, ...)")
            return result
        }
        let header = rows.removeFirst().fields
        let patientColumn = header.firstIndex(of: "patient")
        if patientColumn == nil && patient == nil {
            result.problems.append("\(path):1: no 'patient' column; add one or name the patient with --patient")
            return result
        }
        for row in rows where !(row.fields.count == 1 && row.fields[0].isEmpty) {
            guard row.fields.count == header.count else {
                result.problems.append("\(path):\(row.line): \(row.fields.count) cells, the header has \(header.count)")
                continue
            }
            var cells: [FlatState.Cell] = []
            var rowPatient = patient
            for (name, text) in zip(header, row.fields.map(Self.unguarded)) {
                if name == "patient" { rowPatient = text.isEmpty ? patient : text } else { cells.append(.init(name: name, text: text)) }
            }
            add(FlatState.read(cells, reader: reader, path: path, line: row.line), patient: rowPatient, at: "\(path):\(row.line)", to: &result)
        }
        return result
    }

    private static func readJSON(_ text: String, path: String, patient: String?, reader: StateReader) -> Import {
        var result = Import()
        guard let list = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Any] else {
            result.problems.append("\(path): not a JSON list of states")
            return result
        }
        for (index, item) in list.enumerated() {
            let place = "\(path): item \(index + 1)"
            guard var object = item as? [String: Any] else {
                result.problems.append("\(place): not a state (a JSON object)")
                continue
            }
            let rowPatient = object.removeValue(forKey: "patient") as? String ?? patient
            let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            add(reader.read(jsonLine: data, path: path, line: index + 1), patient: rowPatient, at: place, to: &result)
        }
        return result
    }

    private static func add(_ read: StateReader.Result, patient: String?, at place: String, to result: inout Import) {
        let errors = read.diagnostics.filter { $0.severity == .error }
        if !errors.isEmpty {
            result.problems += errors.map { "\(place): \($0.message)" + ($0.hint.map { " (\($0))" } ?? "") }
        } else if let facts = read.facts {
            guard let patient, !patient.isEmpty else { result.problems.append("\(place): no patient"); return }
            guard PatientID.isValid(patient) else { result.problems.append("\(place): \(PatientID.problem(patient))"); return }
            guard facts.today != nil else { result.problems.append("\(place): no date"); return }
            result.checkIns.append((patient, facts))
        }
    }

    private static func csvField(_ text: String) -> String {
        let text = guarded(text)
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Characters that make a spreadsheet read a cell as a formula (and the quote that escapes them).
    private static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r", "'"]

    /// `text` as a spreadsheet shows it as text: a cell that could start a formula (`=HYPERLINK(...)`,
    /// `+1`, `@SUM`) gets a leading `'`; a number (`-1`) is left alone. ``unguarded(_:)`` undoes it.
    static func guarded(_ text: String) -> String {
        guard let first = text.first, formulaStarts.contains(first), Double(text) == nil else { return text }
        return "'" + text
    }

    /// A field as it was before ``guarded(_:)``.
    static func unguarded(_ text: String) -> String {
        guard text.first == "'", let second = text.dropFirst().first, formulaStarts.contains(second) else { return text }
        return String(text.dropFirst())
    }
}

/// RFC 4180 CSV: fields separated by commas, rows by LF or CRLF, a field in double quotes may
/// hold commas, line breaks and doubled quotes.
enum CSV {
    struct Row {
        /// The line the row starts on (1-based).
        let line: Int
        let fields: [String]
    }

    static func rows(_ text: String) -> [Row] {
        var rows: [Row] = []
        var fields: [String] = []
        var field = ""
        var quoted = false, line = 1, rowLine = 1
        var scalars = text.unicodeScalars.makeIterator()
        var pending = scalars.next()
        while let scalar = pending {
            pending = scalars.next()
            if quoted {
                if scalar == "\"" {
                    if pending == "\"" { field.unicodeScalars.append("\""); pending = scalars.next() } else { quoted = false }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty: quoted = true
            case ",": fields.append(field); field = ""
            case "\r" where pending == "\n": break
            case "\n", "\r":
                fields.append(field)
                rows.append(Row(line: rowLine, fields: fields))
                fields = []; field = ""
                line += 1; rowLine = line
            default: field.unicodeScalars.append(scalar)
            }
        }
        if !field.isEmpty || !fields.isEmpty { fields.append(field); rows.append(Row(line: rowLine, fields: fields)) }
        return rows
    }
}
