import Foundation

/// `trace --json` output split into records, with typed accessors for the fields tests read.
struct JSONRecords {
    let all: [[String: Any]]

    init(_ text: String) throws {
        all = try text.split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
            guard let record = object as? [String: Any] else { throw CocoaError(.coderReadCorrupt) }
            return record
        }
    }

    func records(type: String) -> [[String: Any]] { all.filter { $0["type"] as? String == type } }

    func events(kind: String) -> [[String: Any]] {
        records(type: "event").filter { $0["kind"] as? String == kind }
    }
}

extension Dictionary where Key == String, Value == Any {
    func u64(_ key: String) -> UInt64? { (self[key] as? NSNumber)?.uint64Value }
    func int(_ key: String) -> Int? { (self[key] as? NSNumber)?.intValue }
    func string(_ key: String) -> String? { self[key] as? String }
}
