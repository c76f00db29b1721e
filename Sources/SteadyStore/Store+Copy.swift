import Foundation

extension Store {
    /// Every table a store keeps, in an order that satisfies their references, with the column
    /// that orders its rows and whether the database assigns its `id`.
    static let tables: [(name: String, order: String, identity: Bool)] = [
        ("ruleset", "hash", false), ("checkin", "id", true), ("plan", "id", true), ("profile", "id", true),
        ("account", "name", false), ("assignment", "clinician, patient", false), ("token", "hash", false),
        ("access", "id", true), ("mark", "id", true), ("cds_feedback", "id", true), ("audit", "id", true),
    ]

    /// How many rows were copied, by table (``copy(to:progress:)``).
    public typealias CopyCounts = [(table: String, rows: Int)]

    /// Copies every row of this store into `target` (an empty store, usually on the other
    /// backend) with its ids, in one transaction on the target: all or nothing. The source's
    /// audit chain must verify first; the rows are copied unchanged, so the target's chain
    /// verifies under the same key (`steady db copy` checks it). Rows are read a page at a time from one consistent snapshot, so memory
    /// stays bounded however large the clinic. `progress` hears each table's count as it is done.
    @discardableResult
    public func copy(to target: Store, progress: (String, Int) -> Void = { _, _ in }) throws(StoreError) -> CopyCounts {
        if let problem = try verifyAudit().problem {
            throw .other("the source's audit chain does not verify (\(problem)); nothing was copied.")
        }
        let pageSize = 2000
        return try read { source in
            try target.write { destination in
                guard try destination.integer("SELECT COUNT(*) FROM audit") == 0,
                      try destination.integer("SELECT COUNT(*) FROM account") == 0 else {
                    throw StoreError.other("the target \(target.location) is not empty; nothing was copied. Copy into a new database.")
                }
                var counts: CopyCounts = []
                for table in Self.tables {
                    var copied = 0
                    while case let page = try source.fetchAll("SELECT * FROM \(table.name) ORDER BY \(table.order) LIMIT ? OFFSET ?",
                                                              [pageSize, copied]), let first = page.first {
                        let insert = "INSERT INTO \(table.name) (\(first.columns.joined(separator: ", "))) VALUES ("
                            + first.columns.map { _ in "?" }.joined(separator: ", ") + ")"
                        for row in page {
                            guard !row.values.contains(.unsupported) else { throw StoreError.unreadable("a row of \(table.name)") }
                            try destination.execute(insert, row.values)
                        }
                        copied += page.count
                    }
                    counts.append((table.name, copied))
                    progress(table.name, copied)
                }
                try target.database.advanceIdentities(destination, tables: Self.tables.filter(\.identity).map(\.name))
                return counts
            }
        }
    }
}
