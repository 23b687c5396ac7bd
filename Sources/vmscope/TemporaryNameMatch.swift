// Temporary until VMScopeCore's ProcessTableReader lands.
struct ProcessTableReader { func pids(matchingName: String) -> [Int32] { [] } }
