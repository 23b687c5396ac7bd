/// A moment of a recording as the user names it on the command line: `start`, `end`, or a time
/// after the start in seconds (`2.5`, `2.5s`) or milliseconds (`1500ms`). Parsed exactly
/// (decimal digits to nanoseconds, no floating point), so `0.1` is 100 000 000 ns.
public enum RecordingMoment: Sendable, Hashable {
    case start
    case end
    /// Nanoseconds after the recording's start.
    case offset(UInt64)

    /// nil when `text` is none of the forms above (negative times included).
    public init?(parsing text: String) {
        let text = text.trimmingWhitespace().lowercased()
        switch text {
        case "start": self = .start; return
        case "end": self = .end; return
        default: break
        }
        var number = Substring(text)
        var scale: UInt64 = 1_000_000_000
        if number.hasSuffix("ms") {
            number = number.dropLast(2)
            scale = 1_000_000
        } else if number.hasSuffix("s") {
            number = number.dropLast()
        }
        guard let nanoseconds = Self.decimal(number, scale: scale) else { return nil }
        self = .offset(nanoseconds)
    }

    /// The CLOCK_MONOTONIC instant in a recording from `start` to `end`; an offset past the
    /// end is returned as it is (the caller says it is out of range).
    public func time(start: UInt64, end: UInt64) -> UInt64 {
        switch self {
        case .start: start
        case .end: end
        case .offset(let offset): start.addingReportingOverflow(offset).overflow ? .max : start + offset
        }
    }

    /// `digits[.digits]` times `scale`, exactly; nil for anything else or past UInt64.
    static func decimal(_ text: Substring, scale: UInt64) -> UInt64? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty || parts.count == 2,
              whole.allSatisfy(\.isASCIIDigit) else { return nil }
        var value: UInt64 = 0
        for digit in whole {
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(UInt64(digit.asciiValue! - 48))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        let (scaled, overflow) = value.multipliedReportingOverflow(by: scale)
        guard !overflow else { return nil }
        value = scaled
        if parts.count == 2 {
            let fraction = parts[1]
            guard !fraction.isEmpty || !whole.isEmpty, fraction.allSatisfy(\.isASCIIDigit) else { return nil }
            var unit = scale
            for digit in fraction {
                unit /= 10
                if unit == 0 { break } // finer than a nanosecond: dropped
                value &+= UInt64(digit.asciiValue! - 48) * unit
            }
        }
        return value
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

private extension String {
    func trimmingWhitespace() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
