import Glibc
import VMScopeCore

/// Turns `-p` items into pids: a pid must exist; a name must match at least one running process.
enum ProcessResolver {
    static func pids(for selectors: [ProcessSelector]) throws -> [Int32] {
        var pids: [Int32] = []
        for selector in selectors {
            switch selector {
            case .pid(let pid):
                pids.append(pid)
            case .name(let name):
                let matches = ProcessTableReader().pids(matchingName: name).filter { $0 != getpid() }
                guard !matches.isEmpty else {
                    throw CommandError("-p \(SafeText.escape(name)): no running process is named that; "
                                       + "check with `ps -e`, or pick one with vmscope --pick")
                }
                pids.append(contentsOf: matches)
            }
        }
        var seen = Set<Int32>()
        return pids.filter { seen.insert($0).inserted }
    }
}
