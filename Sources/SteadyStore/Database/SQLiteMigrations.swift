import GRDB

extension SQLiteStoreDatabase {
    /// Named, forward-only migrations.
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "checkin") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("patient", .text).notNull()
                table.column("day", .text).notNull()
                table.column("state", .text).notNull()
                table.column("version", .integer).notNull()
                table.column("current", .boolean).notNull()
            }
            try db.create(index: "checkin_current", on: "checkin", columns: ["patient", "day", "current"])
            try db.create(table: "ruleset") { table in
                table.column("hash", .text).primaryKey()
                table.column("name", .text).notNull()
                table.column("version", .text).notNull()
                table.column("files", .text).notNull()
            }
            try db.create(table: "plan") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("patient", .text).notNull()
                table.column("day", .text).notNull()
                table.column("ruleset_hash", .text).notNull().references("ruleset")
                table.column("state", .text).notNull()
                table.column("history", .text).notNull()
                table.column("plan", .text).notNull()
                table.column("firings", .text).notNull()
            }
            try db.create(table: "audit") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("kind", .text).notNull()
                table.column("ref", .text).notNull()
                table.column("payload_hash", .text).notNull()
                table.column("prev_hash", .text).notNull()
                table.column("hash", .text).notNull()
            }
        }
        // v2: each plan keeps its run's full trace (TraceJSON); plans stored before have none.
        migrator.registerMigration("v2") { db in
            try db.alter(table: "plan") { table in table.add(column: "trace", .text).notNull().defaults(to: "") }
        }
        // v3: plans are stored as records (PlanRecord) keyed by the snapshot of everything that
        // shaped them; audit entries carry time, actor and their scheme (keyed from now on).
        migrator.registerMigration("v3") { db in
            try db.alter(table: "plan") { table in table.add(column: "record", .text).notNull().defaults(to: "") }
            try db.alter(table: "audit") { table in
                table.add(column: "time", .text).notNull().defaults(to: "")
                table.add(column: "actor", .text).notNull().defaults(to: "")
                table.add(column: "scheme", .text).notNull().defaults(to: AuditScheme.legacy.rawValue)
            }
        }
        // v4: patients' profiles (standing facts), one row per version, each with its audit entry.
        migrator.registerMigration("v4") { db in
            try db.create(table: "profile") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("patient", .text).notNull()
                table.column("day", .text).notNull()
                table.column("version", .integer).notNull()
                table.column("state", .text).notNull()
                table.column("since", .text).notNull()
            }
            try db.create(index: "profile_patient", on: "profile", columns: ["patient", "day"])
        }
        // v5: the server's accounts, clinicians' patients, API tokens (by hash) and the log of
        // every access to patient data (accounts, assignments and accesses are audited); plans
        // indexed by patient and day.
        migrator.registerMigration("v5") { db in
            try db.create(table: "account") { table in
                table.column("name", .text).primaryKey()
                table.column("role", .text).notNull()
                table.column("patient", .text)
                table.column("password", .text).notNull()
            }
            try db.create(table: "assignment") { table in
                table.column("clinician", .text).notNull()
                table.column("patient", .text).notNull()
                table.primaryKey(["clinician", "patient"])
            }
            try db.create(table: "token") { table in
                table.column("hash", .text).primaryKey()
                table.column("account", .text).notNull()
                table.column("expires", .integer).notNull()
            }
            // Today's plan, resting actions and replays look plans up by patient and day.
            try db.create(index: "plan_patient_day", on: "plan", columns: ["patient", "day"])
            try db.create(table: "access") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("time", .text).notNull()
                table.column("actor", .text).notNull()
                table.column("action", .text).notNull()
                table.column("patient", .text).notNull()
                table.column("ref", .text).notNull()
            }
        }
        // v6: patients' marks on their plan items (done, helpful, not for me), one audited row
        // per change; the latest change of a mark decides.
        migrator.registerMigration("v6") { db in
            try db.create(table: "mark") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("patient", .text).notNull()
                table.column("day", .text).notNull()
                table.column("action", .text).notNull()
                table.column("mark", .text).notNull()
                table.column("value", .integer).notNull()
                table.column("plan", .integer).notNull()
                table.column("time", .text).notNull()
            }
            try db.create(index: "mark_patient_day", on: "mark", columns: ["patient", "day"])
        }
        // v7: clinicians' feedback on CDS Hooks cards (accepted or overridden), each audited.
        migrator.registerMigration("v7") { db in
            try db.create(table: "cds_feedback") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("time", .text).notNull()
                table.column("actor", .text).notNull()
                table.column("card", .text).notNull()
                table.column("outcome", .text).notNull()
                table.column("reason", .text).notNull()
            }
        }
        // v8: a day's check-in versions are unique, which several writers can rely on.
        migrator.registerMigration("v8") { db in
            try db.create(index: "checkin_version", on: "checkin", columns: ["patient", "day", "version"], unique: true)
        }
        return migrator
    }()
}
