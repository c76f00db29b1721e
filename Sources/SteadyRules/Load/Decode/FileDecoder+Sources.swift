// What rules and actions cite: `evidence:` (checkable citations or plain text) and `reviewed:`.
extension FileDecoder {
    static let citationKeys = ["org", "title", "year", "url"]

    /// `evidence:` as a list of citations: each a map `{org, title, year, url}` or plain text.
    mutating func decodeEvidence(_ fields: NodeReader.Fields) -> [Citation] {
        guard let pair = fields["evidence"] else { return [] }
        if case .scalar = pair.value.kind { return reader.string(pair.value, "evidence").map { [Citation(title: $0)] } ?? [] }
        guard let items = reader.sequence(pair.value, "evidence") else { return [] }
        return items.compactMap { item -> Citation? in
            guard case .mapping = item.kind else { return reader.string(item, "an evidence entry").map { Citation(title: $0) } }
            guard let entry = reader.mapping(item, in: "a citation", allowed: Self.citationKeys, required: ["title", "url"]),
                  let title = entry["title"].flatMap({ reader.string($0.value, "title") }),
                  let url = entry["url"].flatMap({ reader.string($0.value, "url") })
            else { return nil }
            guard url.hasPrefix("https://") || url.hasPrefix("http://"), url.count > 10, !url.contains(" ") else {
                reader.report(.invalidValue, "'\(url)' is not a web address", at: reader.span(entry["url"]!.value),
                              hint: "write the full address, starting with https://")
                return nil
            }
            let org = entry["org"].flatMap { reader.string($0.value, "org") }
            let year = entry["year"].flatMap { reader.integer($0.value, "year", in: 1800...2200) }
            return Citation(org: org, title: title, year: year, url: url)
        }
    }

    /// `reviewed: YYYY-MM-DD`, the day a clinician last reviewed the rule or action.
    mutating func decodeReviewed(_ fields: NodeReader.Fields) -> Day? {
        guard let pair = fields["reviewed"], let text = reader.string(pair.value, "reviewed") else { return nil }
        guard let day = Day(iso: text) else {
            reader.report(.invalidValue, "'\(text)' is not a date", at: reader.span(pair.value), hint: "write it as YYYY-MM-DD")
            return nil
        }
        return day
    }
}
