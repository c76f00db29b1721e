/// The functions of the rule language, by name: what the type checker accepts (and suggests
/// from) and what an editor completes.
public enum FunctionNames {
    public static let all = ["known", "days_since", "size"] + TextFunction.allCases.map(\.rawValue)
        + HistoryFunction.allCases.map(\.rawValue) + ActionEvent.allCases.map(\.rawValue)
}
