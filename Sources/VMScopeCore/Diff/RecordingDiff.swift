/// `vmscope diff`'s policy: plays a recording to the first moment, keeps each process's layout
/// and residency there, plays on to the second collecting the events, and diffs each process
/// (or the one asked for). A process that joined between the moments starts from nothing; one
/// that ended before the second moment ends with its last layout.
public enum RecordingDiff {
    public struct ProcessDiff {
        public let pid: Int32
        /// The command name (untrusted), when the recording knows it.
        public let name: String?
        public let diff: AddressSpaceDiff
    }

    /// Why there is nothing to diff: one line for the user.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The instants `from` and `to` name in a recording running from `start` to `end`; a moment
    /// past the end, or `to` before `from`, is an error naming the option.
    public static func span(from: RecordingMoment, to: RecordingMoment, start: UInt64,
                            end: UInt64) throws(Failure) -> (from: UInt64, to: UInt64) {
        let first = from.time(start: start, end: end)
        let second = to.time(start: start, end: end)
        let length = DiffTextRenderer.seconds(end, start)
        if first > end {
            throw Failure(description: "--from \(DiffTextRenderer.seconds(first, start)) s is past the recording's end (\(length) s): give a time from 0 to the end")
        }
        if second > end {
            throw Failure(description: "--to \(DiffTextRenderer.seconds(second, start)) s is past the recording's end (\(length) s): give a time from 0 to the end, or leave --to out")
        }
        if second < first {
            throw Failure(description: "--to \(DiffTextRenderer.seconds(second, start)) s is before --from \(DiffTextRenderer.seconds(first, start)) s: swap them")
        }
        return (first, second)
    }

    /// - Parameters:
    ///   - from, to: CLOCK_MONOTONIC instants within the recording, `from <= to`.
    ///   - pid: only this process (every lifetime of it); nil: every process.
    public static func diffs(_ player: RecordingPlayer, from: UInt64, to: UInt64,
                             pid: Int32? = nil) throws(Failure) -> [ProcessDiff] {
        player.rewind()
        _ = player.advance(to: from)
        struct Moment {
            var regions: [Region]
            var residency: ResidencyTable?
        }
        var atFrom: [ObjectIdentifier: Moment] = [:]
        // Every process there is at the first moment, ended or not (one that ended exactly then
        // still has its layout to compare).
        for process in player.processes {
            atFrom[ObjectIdentifier(process)] = Moment(regions: process.timeline.currentRegions,
                                                       residency: player.details(of: process)?.residency)
        }
        var events: [ObjectIdentifier: [MemoryEvent]] = [:]
        var lost: [MemoryEvent] = []
        for update in player.advance(to: to) {
            switch update {
            case .events(let process, let batch):
                events[ObjectIdentifier(process), default: []].append(contentsOf: batch)
            case .lost(let event):
                lost.append(event)
            case .joined, .snapshot, .ended:
                break
            }
        }
        var diffs: [ProcessDiff] = []
        for process in player.processes where pid == nil || process.pid == pid {
            let key = ObjectIdentifier(process)
            let before = atFrom[key]
            // One that ended before the first moment is kept: it shows as no change, and -p
            // finds it (`--from end` of a recording whose command exited).
            var span = events[key] ?? []
            if !lost.isEmpty {
                // Drops are not one process's: each process's causes may be missing.
                span = (span + lost).sorted { $0.timestamp < $1.timestamp }
            }
            let diff = AddressSpaceDiff(before: before?.regions ?? [], after: process.timeline.currentRegions,
                                        residencyBefore: before?.residency,
                                        residencyAfter: player.details(of: process)?.residency,
                                        events: span, from: from, to: to)
            diffs.append(ProcessDiff(pid: process.pid, name: process.identity?.command, diff: diff))
        }
        if let pid, diffs.isEmpty {
            throw Failure(description: "no process \(pid) in \(SafeText.escape(player.path)) between those moments: leave out -p to see every process")
        }
        return diffs
    }
}
