/// The type byte of each framed record. Types with bit 0x40 set are optional: a reader that
/// does not know one skips it (a newer minor version may add them); any other unknown type is
/// corruption.
enum RecordType: UInt8 {
    case header = 0x01
    case string = 0x02
    case stack = 0x03
    case start = 0x10
    case joined = 0x11
    case events = 0x12
    case snapshot = 0x13
    case lost = 0x14
    case ended = 0x15
    case identity = 0x16
    case readProblem = 0x17
    case details = 0x18
    case tickEnd = 0x19

    static let optionalBit: UInt8 = 0x40
}

/// The first bytes of every recording, then the format's major and minor version bytes. The
/// high first byte catches a file mangled by a 7-bit channel, the newline one by text mode.
enum RecordingMagic {
    static let bytes: [UInt8] = [0x89, 0x56, 0x4D, 0x53, 0x52, 0x45, 0x43, 0x0A] // \x89 VMSREC \n
    /// Longest record a writer emits (its batches are split well below); a longer length is
    /// corruption, not a torn write.
    static let maximumRecordLength = 16 << 20
    /// Events per `events` record at most: a storm's batch is split into several.
    static let eventsPerRecord = 4096
}
