/// One range where the layout the events predicted differs from a snapshot.
public struct ReconcileDifference: Sendable, Hashable, CustomStringConvertible {
    public var start: UInt64
    /// One past the last byte.
    public var end: UInt64
    public var mismatch: ReconcileMismatch
    /// nil when nothing explains it: an event was missed or applied wrongly.
    public var explanation: ReconcileExplanation?

    public init(start: UInt64, end: UInt64, mismatch: ReconcileMismatch,
                explanation: ReconcileExplanation? = nil) {
        self.start = start
        self.end = end
        self.mismatch = mismatch
        self.explanation = explanation
    }

    public var size: UInt64 { end - start }

    /// `7f12a000-7f12c000 only-in-snapshot: snapshot has rw-p anonymous ... (stack-growth)`.
    public var description: String {
        var text = String(start, radix: 16) + "-" + String(end, radix: 16) + " " + mismatch.label
            + ": " + mismatch.description
        if let explanation { text += " (\(explanation.rawValue))" }
        return text
    }
}
