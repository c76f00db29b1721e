import Foundation
import SteadyRules

/// A small server-drawn SVG line chart of one measure over a run of days: a line through the
/// days that have a value, broken where a day has none (a skipped day is not zero), with the
/// scale's ends marked. A screen reader reads its summary (`role="img"` with a label); the page
/// also shows the values as a table.
struct Chart {
    let caption: String
    /// One value per day, oldest first (nil: no answer that day).
    let values: [(day: Day, value: Double?)]
    /// The top of the scale (10 for ratings, 12 for hours of sleep).
    let maximum: Double

    static let width = 600.0, height = 160.0, margin = 24.0

    /// The summary a screen reader hears.
    var summary: String {
        let known = values.compactMap(\.value)
        guard let last = values.last(where: { $0.value != nil }) else { return "\(caption): no answers in these \(values.count) days" }
        let average = known.reduce(0, +) / Double(known.count)
        return "\(caption): \(known.count) answers in \(values.count) days; average \(Self.format(average)), latest \(Self.format(last.value!)) on \(last.day)"
    }

    var svg: String {
        let step = values.count > 1 ? (Self.width - 2 * Self.margin) / Double(values.count - 1) : 0
        func x(_ index: Int) -> Double { Self.margin + Double(index) * step }
        func y(_ value: Double) -> Double { Self.height - Self.margin - min(value, maximum) / maximum * (Self.height - 2 * Self.margin) }
        var segments: [[String]] = [[]]
        var points: [String] = []
        for (index, entry) in values.enumerated() {
            guard let value = entry.value else {
                if !(segments.last?.isEmpty ?? true) { segments.append([]) }
                continue
            }
            let point = "\(Self.format(x(index))),\(Self.format(y(value)))"
            segments[segments.count - 1].append(point)
            points.append(#"<circle cx="\#(Self.format(x(index)))" cy="\#(Self.format(y(value)))" r="3"/>"#)
        }
        let lines = segments.filter { $0.count > 1 }.map { #"<polyline points="\#($0.joined(separator: " "))"/>"# }
        let label = summary.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "<", with: "&lt;")
        return #"<svg role="img" aria-label="\#(label)" viewBox="0 0 \#(Int(Self.width)) \#(Int(Self.height))" xmlns="http://www.w3.org/2000/svg">"#
            + ##"<g stroke="#c9c9c9"><line x1="\##(Self.margin)" y1="\##(y(0))" x2="\##(Self.width - Self.margin)" y2="\##(y(0))"/><line x1="\##(Self.margin)" y1="\##(y(maximum))" x2="\##(Self.width - Self.margin)" y2="\##(y(maximum))"/></g>"##
            + ##"<g fill="#4a4a4a" font-size="12"><text x="2" y="\##(y(0) + 4)">0</text><text x="2" y="\##(y(maximum) + 4)">\##(Self.format(maximum))</text></g>"##
            + ##"<g fill="none" stroke="#0b5cab" stroke-width="2">\##(lines.joined())</g><g fill="#0b5cab">\##(points.joined())</g></svg>"##
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
