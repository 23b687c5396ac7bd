/// Who is whose parent, for every process in a /proc tree (threads are not listed: /proc's
/// top level names thread groups only). Used to find the children of watched processes when
/// the kernel cannot report forks (polling) or when following is switched on late.
public struct ProcessTree: Sendable, Equatable {
    /// pid → parent pid.
    public let parents: [Int32: Int32]

    public init(parents: [Int32: Int32]) {
        self.parents = parents
    }

    /// Reads every `<procRoot>/<pid>/stat`. Processes that vanish while being read are skipped.
    public static func read(procRoot: String = "/proc") -> ProcessTree {
        var parents: [Int32: Int32] = [:]
        for pid in ProcessTableReader(procRoot: procRoot).allPids() {
            let path = "\(procRoot)/\(pid)/stat"
            guard case .success(let bytes) = ProcFileReader.read(path, sizeHint: 512),
                  let stat = try? ProcStatLine(bytes: bytes, path: path) else { continue }
            parents[pid] = stat.parentPid
        }
        return ProcessTree(parents: parents)
    }

    /// Every descendant of `roots` (not the roots themselves), parents before their children,
    /// lowest pid first among siblings, so the order is stable from one scan to the next.
    public func descendants(of roots: Set<Int32>) -> [Int32] {
        var children: [Int32: [Int32]] = [:]
        for (pid, parent) in parents where pid != parent { children[parent, default: []].append(pid) }
        var found: [Int32] = []
        var seen = roots
        var queue = roots.sorted()
        while !queue.isEmpty {
            let next = queue.removeFirst()
            for child in (children[next] ?? []).sorted() where !seen.contains(child) {
                seen.insert(child)
                found.append(child)
                queue.append(child)
            }
        }
        return found
    }
}
