import Foundation
import Testing
@testable import VMScopeCore

/// Truncated, corrupted, hostile and newer recordings: the documented errors and warnings with
/// the byte offset, never a crash, never an allocation the file's size does not justify.
@Suite struct RecordingDamageTests {
    /// Offset of the first record after the header.
    static func firstRecordOffset(_ bytes: [UInt8]) throws -> Int {
        let reader = try RecordingReader(bytes: bytes, path: "x")
        return reader.offset
    }

    static func tickCount(_ player: RecordingPlayer) -> Int {
        var count = 0
        while player.nextTick() != nil { count += 1 }
        return count
    }

    @Test func aRecordingCutAtEveryByteReplaysAPrefixOrNamesTheHeader() throws {
        let session = try RecordingFixture()
        let bytes = session.bytes
        let full = try RecordingPlayer(bytes: bytes, path: "f.vmrec")
        let fullTicks = Self.tickCount(full)
        let headerEnd = try Self.firstRecordOffset(bytes)
        var boundaries = 0
        for cut in 0..<bytes.count {
            let prefix = Array(bytes[0..<cut])
            do {
                let player = try RecordingPlayer(bytes: prefix, path: "f.vmrec")
                #expect(cut >= headerEnd)
                #expect(player.error == nil, "a cut is never corruption: \(String(describing: player.error))")
                if player.warnings.isEmpty {
                    boundaries += 1
                } else {
                    #expect(player.warnings.count == 1)
                    #expect(player.warnings[0].hasPrefix("f.vmrec: byte ") && player.warnings[0].contains("truncated"))
                }
                let ticks = Self.tickCount(player)
                #expect(ticks <= fullTicks)
            } catch {
                #expect(cut < headerEnd, "cut at \(cut): \(error)")
                #expect(error.description.hasPrefix("f.vmrec: byte "))
            }
        }
        #expect(boundaries > 10, "cuts at record boundaries replay without a warning")
    }

    @Test func aCutRecordingReplaysUpToItsLastCompleteRecord() throws {
        let session = try RecordingFixture()
        let bytes = session.bytes
        let cut = Array(bytes[0..<(bytes.count * 2 / 3)])
        let player = try RecordingPlayer(bytes: cut, path: "f.vmrec")
        #expect(player.warnings.count == 1)
        let reader = try RecordingReader(bytes: cut, path: "f.vmrec")
        var lastEnd = reader.offset
        while (try reader.next()) != nil { lastEnd = reader.offset }
        #expect(reader.truncatedAt == lastEnd)
        #expect(player.warnings[0] == "f.vmrec: byte \(lastEnd): truncated (the last record is incomplete); replayed up to there")
    }

    @Test func aFlippedByteAnywhereAfterTheHeaderIsDetected() throws {
        let session = try RecordingFixture()
        let bytes = session.bytes
        let headerEnd = try Self.firstRecordOffset(bytes)
        for position in stride(from: headerEnd, to: bytes.count, by: 7) {
            var damaged = bytes
            damaged[position] ^= 0x5A
            let player = try RecordingPlayer(bytes: damaged, path: "f.vmrec")
            if let error = player.error {
                #expect(error.offset! <= position, "the error names the damaged record's offset or earlier")
                #expect(error.description.hasPrefix("f.vmrec: byte \(error.offset!): "))
            } else {
                // A damaged length may reach past the end: a torn record, as far as anyone can tell.
                #expect(player.warnings.contains { $0.contains("truncated") }, "flip at \(position) went unnoticed")
            }
        }
    }

    @Test func aCorruptRecordStopsTheReplayWithTheDocumentedError() throws {
        let session = try RecordingFixture()
        var bytes = session.bytes
        let reader = try RecordingReader(bytes: bytes, path: "f.vmrec")
        for _ in 0..<20 { _ = try reader.next() }
        let damagedRecord = reader.offset
        bytes[damagedRecord + 3] ^= 0xFF
        let player = try RecordingPlayer(bytes: bytes, path: "f.vmrec")
        #expect(player.error?.description == "f.vmrec: byte \(damagedRecord): record checksum mismatch (corrupt)")
        #expect(player.eventTimes().count < (try RecordingPlayer(bytes: session.bytes, path: "f")).eventTimes().count)
    }

    /// A header, then `records` framed with good checksums: only the payloads are hostile.
    static func recording(_ records: [(RecordType, RecordingBytes)]) throws -> [UInt8] {
        let session = try RecordingFixture()
        let bytes = session.bytes
        var result = Array(bytes[0..<(try firstRecordOffset(bytes))])
        for (type, payload) in records {
            var frame = RecordingBytes()
            frame.varint(payload.count + 1)
            let body = [type.rawValue] + payload.bytes
            frame.bytes += body
            frame.fixed32(CRC32C.checksum(body[...]))
            result += frame.bytes
        }
        return result
    }

    @Test(arguments: [
        ("a string longer than its record", RecordType.string, [0xFF, 0xFF, 0xFF, 0xFF, 0x0F] as [UInt8], "string length"),
        ("a stack deeper than its record", .stack, [0x80, 0x80, 0x80, 0x80, 0x80, 0x01], "stack depth"),
        ("events of a process never joined", .events, [0x05, 0x00, 0x01], "never joined"),
        ("a number of eleven bytes", .tickEnd, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], "number too large"),
        ("an unknown record type", RecordType.header, [], "a second header"),
    ])
    func hostileFieldsAreErrorsNotAllocations(_ what: String, _ type: RecordType, _ payload: [UInt8], _ message: String) throws {
        let bytes = try Self.recording([(type, RecordingBytes(bytes: payload))])
        let player = try RecordingPlayer(bytes: bytes, path: "h.vmrec")
        let error = try #require(player.error, "\(what)")
        #expect(error.description.hasPrefix("h.vmrec: byte "))
        #expect(error.message.contains(message), "\(what): \(error)")
    }

    @Test func aHugeEventCountIsBoundedByTheRecord() throws {
        var joined = RecordingBytes()
        joined.signed(Int32(5)); joined.byte(0); joined.signed(Int64(0)); joined.bool(false); joined.varint(UInt64(0))
        var events = RecordingBytes()
        events.varint(UInt64(0)); events.bool(false); events.varint(UInt64(1) << 40)
        let bytes = try Self.recording([(.joined, joined), (.events, events)])
        let player = try RecordingPlayer(bytes: bytes, path: "h.vmrec")
        #expect(player.error?.message.contains("event count") == true, "\(String(describing: player.error))")
        #expect(player.processes.isEmpty)
    }

    @Test func anUnknownOptionalRecordIsSkippedAnUnknownRequiredOneIsNot() throws {
        let session = try RecordingFixture()
        var bytes = session.bytes
        let headerEnd = try Self.firstRecordOffset(bytes)
        var frame = RecordingBytes()
        frame.varint(3)
        frame.bytes += [0x7E, 1, 2]
        frame.fixed32(CRC32C.checksum([0x7E, 1, 2][...]))
        bytes.insert(contentsOf: frame.bytes, at: headerEnd)
        #expect((try RecordingPlayer(bytes: bytes, path: "f")).error == nil)
        bytes[headerEnd + 1] = 0x3E
        let body = bytes[(headerEnd + 1)..<(headerEnd + 4)]
        let crc = CRC32C.checksum(body)
        withUnsafeBytes(of: crc.littleEndian) { bytes.replaceSubrange((headerEnd + 4)..<(headerEnd + 8), with: $0) }
        let player = try RecordingPlayer(bytes: bytes, path: "f")
        #expect(player.error?.description == "f: byte \(headerEnd): unknown record type 62 (corrupt)")
    }

    @Test func aNewerMajorVersionIsRefusedInOneLine() throws {
        let session = try RecordingFixture()
        var bytes = session.bytes
        bytes[RecordingMagic.bytes.count] = RecordingHeader.formatMajor + 1
        #expect(throws: RecordingError.self) { try RecordingPlayer(bytes: bytes, path: "new.vmrec") }
        do { _ = try RecordingPlayer(bytes: bytes, path: "new.vmrec") } catch {
            #expect(error.description == "new.vmrec: byte 8: recording format 2.0 is newer than this vmscope reads (1.x); replay it with a newer vmscope")
        }
    }

    @Test func aFileThatIsNoRecordingSaysSo() throws {
        do { _ = try RecordingPlayer(bytes: Array("hello\n".utf8), path: "t\u{1b}.txt") } catch {
            #expect(error.description == "t\\e.txt: byte 0: not a vmscope recording (no recording header); record one with `vmscope trace --record FILE`")
        }
        #expect(throws: RecordingError.self) { try RecordingPlayer(path: "/nonexistent/dir/f.vmrec") }
    }
}
