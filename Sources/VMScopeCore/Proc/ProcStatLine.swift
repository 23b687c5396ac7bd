/// The fields vmscope needs from /proc/PID/stat.
///
/// The second field is the command in parentheses, and the process chooses it: it may contain
/// spaces, `(` and `)`. The kernel writes no `)` after it, so the fields resume after the LAST
/// `)` in the line; everything between the first `(` and that `)` is the command.
struct ProcStatLine: Sendable, Hashable {
    var pid: Int32
    var command: String
    var state: ProcessState
    var parentPid: Int32
    /// Field 9, the kernel's PF_* flags for the task (`PF_KTHREAD` marks kernel threads).
    var flags: UInt32
    var threadCount: Int
    var startTimeTicks: UInt64
    var virtualSize: UInt64
    /// Field 24: resident pages (multiply by the page size).
    var residentPages: UInt64
    /// Field 47; nil when absent (kernels before 3.3) or 0 (hidden from this reader, or no brk).
    var startBrk: UInt64?

    init(bytes: [UInt8], path: String) throws {
        func malformed(_ detail: String) -> ProcReadError { .malformed(path: path, detail: detail) }
        guard let open = bytes.firstIndex(of: UInt8(ascii: "(")),
              let close = bytes.lastIndex(of: UInt8(ascii: ")")), close > open
        else { throw malformed("no (command) field") }
        let pidText = String(decoding: bytes[..<open], as: UTF8.self).trimmingSpaces
        guard let pid = Int32(pidText) else { throw malformed("bad pid \"\(SafeText.escape(pidText))\"") }
        self.pid = pid
        command = String(decoding: bytes[(open + 1)..<close], as: UTF8.self)

        // fields[0] is stat field 3 (state); field n is fields[n - 3].
        let fields = bytes[(close + 1)...].split(separator: UInt8(ascii: " "))
            .map { String(decoding: $0, as: UTF8.self).trimmingSpaces }
        func field<T: LosslessStringConvertible>(_ number: Int, _ name: String) throws -> T {
            guard fields.count > number - 3, let value = T(fields[number - 3]) else {
                throw malformed("missing or bad \(name) (field \(number))")
            }
            return value
        }
        guard let stateText = fields.first, let letter = stateText.first, stateText.count == 1 else {
            throw malformed("missing state (field 3)")
        }
        state = ProcessState(letter: letter)
        parentPid = try field(4, "ppid")
        flags = try field(9, "flags")
        threadCount = try field(20, "num_threads")
        startTimeTicks = try field(22, "starttime")
        virtualSize = try field(23, "vsize")
        residentPages = try field(24, "rss")
        let brk: UInt64? = fields.count > 44 ? UInt64(fields[44]) : nil
        startBrk = brk == 0 ? nil : brk
    }
}

extension String {
    /// Without leading/trailing spaces and newlines (no Foundation needed).
    fileprivate var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\n" || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(self[first...last])
    }
}
