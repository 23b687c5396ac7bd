extension RecordingPlayer {
    /// What a streamed replay ends with: warnings (truncation, divergence) and the corruption
    /// that stopped it, if one did.
    public struct PlaybackOutcome: Sendable {
        public var warnings: [String]
        public var error: RecordingError?
    }

    /// `trace --replay`: the recording through `writer` one tick at a time, as `play(to:)` does
    /// but without holding the file's entries (memory is the model's, however long the
    /// recording). Throws when the file cannot be opened or its header is bad; a corruption
    /// further on ends the output there and is returned.
    public static func play(path: String, to writer: TraceWriter) throws(RecordingError) -> PlaybackOutcome {
        let reader = try RecordingReader(path: path)
        let model = RecordingReplayModel(path: path)
        var updates: [MonitorUpdate] = []
        // An events batch the writer split comes back together before it is applied.
        var pending: (serial: Int, events: [MemoryEvent], offset: Int)?
        var begun = false
        var failure: RecordingError?
        func flushPending() {
            if let batch = pending { model.take(batch.events[...], of: batch.serial, into: &updates) }
            pending = nil
        }
        func hand(_ lostTotal: UInt64, time: UInt64) {
            if !begun {
                let pids = updates.compactMap { if case .joined(let process) = $0 { process.pid } else { nil } }
                writer.begin(TraceStart(command: [], pids: pids, source: "replay", note: nil, followChildren: false, time: time))
                begun = true
            }
            writer.write(updates, lostTotal: lostTotal)
            updates.removeAll(keepingCapacity: true)
        }
        while !writer.outputBroken {
            let entry: RecordingEntry?
            do { entry = try reader.next() } catch { failure = error; break }
            guard let entry else { break }
            switch entry {
            case .start(let start):
                if !begun { writer.begin(start); begun = true }
            case .events(let serial, let events, let continues):
                if continues, pending?.serial == serial {
                    pending!.events += events
                } else {
                    flushPending()
                    if !events.isEmpty { pending = (serial, events, reader.recordOffset) }
                }
            case .tickEnd(let time, let lost):
                flushPending()
                model.apply(entry, at: reader.recordOffset, into: &updates)
                hand(lost, time: time)
            default:
                flushPending()
                model.apply(entry, at: reader.recordOffset, into: &updates)
            }
        }
        flushPending()
        if !updates.isEmpty { hand(model.lostTotal, time: reader.header.monotonicStart) }
        writer.finish()
        return PlaybackOutcome(warnings: reader.warnings + model.divergences, error: failure)
    }
}
