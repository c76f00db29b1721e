import Testing
@testable import SteadyEngine

struct JSONParserTests {
    func describe(_ value: JSONValue?) -> String {
        guard let value else { return "invalid" }
        switch value {
        case .null: return "null"
        case .boolean(let flag): return "\(flag)"
        case .numeric(let number, _): return "\(number)"
        case .string(let text): return "'\(text)'"
        case .array(let items): return "[" + items.map { describe($0) }.joined(separator: ",") + "]"
        case .object(let members): return "{" + members.map { "\($0.key):\(describe($0.value))" }.joined(separator: ",") + "}"
        }
    }

    @Test(arguments: [
        (#" {"a": [1, 2.5, -0.5e2, true, false, null], "b": {}} "#, "{a:[1.0,2.5,-50.0,true,false,null],b:{}}"),
        (#"{"s": "q\" b\\ s\/ n\n t\t u\u00e9 p\ud83d\ude00"}"#, "{s:'q\" b\\ s/ n\n t\t ué p😀'}"),
        (#"{"x": "é 😀 raw"}"#, "{x:'é 😀 raw'}"),
        ("[]", "[]"),
        ("0", "0.0"),
        (#"{"b": 1, "a": 2, "b": 3}"#, "{b:1.0,a:2.0,b:3.0}"),
        ("-12345678901234567", "-1.2345678901234568e+16"),
    ])
    func parsesValidJSON(_ text: String, _ expected: String) {
        #expect(describe(JSONParser.parse(Substring(text))) == expected)
    }

    @Test(arguments: [
        "", "{", #"{"a":1,}"#, "[1,]", "01", "1.", "-", "1e", #"{"a" 1}"#, "tru", "nul", #"{"a":1} x"#,
        "\"tab\there\"", #""\ud83d""#, #""\x""#, #"{'a':1}"#,
        String(repeating: "[", count: 65) + String(repeating: "]", count: 65),
    ])
    func rejectsInvalidJSON(_ text: String) {
        #expect(JSONParser.parse(Substring(text)) == nil, "\(text)")
    }

    @Test func acceptsNestingUpToTheLimit() {
        let text = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(JSONParser.parse(Substring(text)) != nil)
    }
}
