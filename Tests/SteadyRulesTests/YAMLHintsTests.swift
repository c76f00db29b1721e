import Testing
@testable import SteadyRules

/// A YAML syntax error's hint names its likely cause, judged from the line: an unquoted value
/// that starts like YAML syntax, or a line indented right or left of its mapping.
struct YAMLHintsTests {
    static let head = "ruleset: t\nversion: 1\nfacts:\n  stress: {type: integer, min: 0, max: 10}\nrules:\n  - id: r\n    title: R\n"

    @Test(arguments: [
        ("    when: 'deadline' in triggers\n    then: [{alert: clinician, message: call}]\n",
         "SR0103 8:22 | a value that starts with a quote ends at the closing quote, and 'when:' goes on after it: quote the whole value, for example  when: \"'deadline' in triggers\""),
        ("    when: \"stress >= 7\"\n    then:\n      - alert: clinician\n        message: {stress} is high\n",
         "SR0103 11:27 | a value that starts with '{' is read as a YAML mapping, and 'message:' goes on after it: quote the whole value, for example  message: \"{stress} is high\""),
        ("     when: \"stress >= 7\"\n    then: [{alert: clinician, message: call}]\n",
         "SR0103 8:10 | this line starts at column 6, right of 'title:' on line 7 (column 5): keys of one mapping start in the same column"),
        ("    when: \"stress >= 7\"\n  then: [{alert: clinician, message: call}]\n",
         "SR0103 9:3 | this line starts at column 3, left of 'when:' on line 8 (column 5): indent it to column 5 to keep it in the same mapping"),
    ])
    func hintsTheLikelyCause(_ tail: String, _ expected: String) {
        let rendered = load(Self.head + tail).diagnostics.map { "\($0.code.rawValue) \($0.span!.start) | \($0.hint ?? "")" }
        #expect(rendered == [expected])
    }

    @Test func aQuotedValueFollowedByACommentNeedsNoQuotes() {
        #expect(YAMLHints.quotingHint("    when: \"stress >= 7\"  # high") == nil)
        #expect(YAMLHints.quotingHint("    when: 'it''s' in notes") != nil)
        #expect(YAMLHints.quotingHint("    reason: plain text") == nil)
    }
}
