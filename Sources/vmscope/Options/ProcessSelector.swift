import Foundation

/// One item of `-p`: a process id, or a command name matched against every running process.
enum ProcessSelector: Hashable, CustomStringConvertible {
    case pid(Int32)
    case name(String)

    /// `-p 1234,postgres -p nginx`: each value is a comma-separated list.
    static func parse(_ values: [String]) throws -> [ProcessSelector] {
        var selectors: [ProcessSelector] = []
        for value in values {
            for item in value.split(separator: ",", omittingEmptySubsequences: false) {
                let text = item.trimmingCharacters(in: .whitespaces)
                guard !text.isEmpty else {
                    throw SelectorError("-p \(value): an empty item; give pids or names separated by commas")
                }
                if text.allSatisfy(\.isNumber) {
                    guard let pid = Int32(text), pid > 0 else {
                        throw SelectorError("-p \(text): not a valid process id (1 to \(Int32.max))")
                    }
                    selectors.append(.pid(pid))
                } else if text.hasPrefix("-") {
                    throw SelectorError("-p \(text): a process id must be positive, and a name cannot start with -")
                } else {
                    selectors.append(.name(text))
                }
            }
        }
        var seen = Set<ProcessSelector>()
        return selectors.filter { seen.insert($0).inserted }
    }

    var description: String {
        switch self {
        case .pid(let pid): return "\(pid)"
        case .name(let name): return name
        }
    }

    struct SelectorError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
