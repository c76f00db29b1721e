/// Which rules read which facts, which facts they derive and which actions they recommend,
/// suppress or raise alerts with: the shape of a rule set, drawn by `steady graph`.
public struct RuleGraph: Sendable {
    public enum NodeKind: String, Sendable { case input, derived, rule, action }

    public struct Node: Sendable, Hashable {
        public let id: String
        public let label: String
        public let kind: NodeKind
    }

    public enum EdgeKind: String, Sendable {
        /// A rule reads a fact (positively).
        case reads
        /// A rule reads a derived fact under `not`, in `known()` or as a value: it must wait
        /// until that fact is final (the edge that decides strata).
        case readsNegatively
        case derives, recommends, suppresses, alerts
    }

    public struct Edge: Sendable, Hashable {
        public let from: String
        public let to: String
        public let kind: EdgeKind
    }

    public let nodes: [Node]
    public let edges: [Edge]

    public init(_ ruleSet: RuleSet) {
        var nodes: [String: Node] = [:], edges: Set<Edge> = []
        func fact(_ name: String) -> String {
            let derived = ruleSet.schema.facts[name]?.isDerived ?? ruleSet.schema.templates[name]?.isDerived ?? false
            let id = "fact_" + Self.safe(name)
            nodes[id] = Node(id: id, label: name, kind: derived ? .derived : .input)
            return id
        }
        func action(_ name: String) -> String {
            let id = "action_" + Self.safe(name)
            nodes[id] = Node(id: id, label: name, kind: .action)
            return id
        }
        for rule in ruleSet.rules where rule.enabled {
            let id = "rule_" + Self.safe(rule.id)
            nodes[id] = Node(id: id, label: rule.id, kind: .rule)
            for read in Stratifier.reads(of: rule) {
                let source = fact(read.fact)
                let negative = !read.positive && nodes[source]?.kind == .derived
                edges.insert(Edge(from: source, to: id, kind: negative ? .readsNegatively : .reads))
            }
            for effect in rule.effects {
                switch effect {
                case .derive(let derivation): edges.insert(Edge(from: id, to: fact(derivation.fact), kind: .derives))
                case .recommend(let recommendation):
                    for target in recommendation.action.possibleIDs { edges.insert(Edge(from: id, to: action(target), kind: .recommends)) }
                case .suppress(let suppression):
                    for target in suppression.action.possibleIDs { edges.insert(Edge(from: id, to: action(target), kind: .suppresses)) }
                case .alert(let alert): if let target = alert.action { edges.insert(Edge(from: id, to: action(target), kind: .alerts)) }
                }
            }
        }
        self.nodes = nodes.values.sorted { ($0.kind.rawValue, $0.id) < ($1.kind.rawValue, $1.id) }
        self.edges = edges.sorted { ($0.from, $0.to, $0.kind.rawValue) < ($1.from, $1.to, $1.kind.rawValue) }
    }

    /// Graphviz DOT.
    public func dot(title: String) -> String {
        var lines = ["digraph \"\(title)\" {", "  rankdir=LR;", "  node [fontname=\"Helvetica\", fontsize=10];"]
        for node in nodes {
            let shape = switch node.kind {
            case .input: "shape=ellipse, style=filled, fillcolor=\"#e8f0fe\""
            case .derived: "shape=ellipse, style=filled, fillcolor=\"#fff4d6\""
            case .rule: "shape=box"
            case .action: "shape=box, style=\"rounded,filled\", fillcolor=\"#e6f4ea\""
            }
            lines.append("  \(node.id) [label=\"\(node.label)\", \(shape)];")
        }
        for edge in edges {
            let style = switch edge.kind {
            case .reads, .derives, .recommends: ""
            case .readsNegatively: " [style=dashed]"
            case .suppresses: " [color=red, label=\"suppresses\"]"
            case .alerts: " [color=red, penwidth=2, label=\"alert\"]"
            }
            lines.append("  \(edge.from) -> \(edge.to)\(style);")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A Mermaid flowchart.
    public func mermaid() -> String {
        var lines = ["flowchart LR"]
        for node in nodes {
            let shape = switch node.kind {
            case .input: "([\"\(node.label)\"])"
            case .derived: "{{\"\(node.label)\"}}"
            case .rule: "[\"\(node.label)\"]"
            case .action: "(\"\(node.label)\")"
            }
            lines.append("  \(node.id)\(shape)")
        }
        for edge in edges {
            let arrow = switch edge.kind {
            case .reads, .derives, .recommends: "-->"
            case .readsNegatively: "-.->"
            case .suppresses: "-- suppresses --x"
            case .alerts: "== alert ==>"
            }
            lines.append("  \(edge.from) \(arrow) \(edge.to)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func safe(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }
}
