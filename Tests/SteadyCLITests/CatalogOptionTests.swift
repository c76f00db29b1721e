import Testing

/// `--catalog` is repeatable: the files or folders given together form the catalog (it used to
/// keep only the last one).
struct CatalogOptionTests {
    @Test func severalCatalogPathsFormOneCatalog() throws {
        let state = "examples/workday-high-stress.yaml"
        let whole = try Steady.run(["plan", "--state", state])
        let parts = try Steady.run(["plan", "--state", state, "--catalog", "plans/actions.yaml", "--catalog", "plans/policy.yaml"])
        #expect(whole.status == 0)
        #expect(parts.status == 0, "\(parts.stderr)")
        #expect(parts.stdout == whole.stdout)
        let missing = try Steady.run(["plan", "--state", state, "--catalog", "plans", "--catalog", "no-such-catalog"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no such file or folder: 'no-such-catalog'"))
    }
}
