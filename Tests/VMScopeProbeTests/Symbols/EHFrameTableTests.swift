import Testing
@testable import VMScopeProbe

/// The .eh_frame parser and the CFA program interpreter on hand-assembled CIE and FDE bytes:
/// what gcc emits for a function with frame pointers (and its epilogue's remember/restore), a
/// PLT-like FDE whose CFA is an expression, and programs that must be refused.
struct EHFrameTableTests {
    static let sectionAddress: UInt64 = 0x2000
    static let functionStart: UInt64 = 0x1000

    /// A CIE ("zR", code alignment 1, data alignment -8, return address r16, pc-relative sdata4
    /// pointers; CFA = rsp + 8, return address at CFA - 8) then one FDE per program, each
    /// covering 0x40 bytes from `functionStart + 0x100 * index`.
    static func section(_ programs: [[UInt8]], augmentation: String = "zR") -> [UInt8] {
        var bytes: [UInt8] = []
        func u32(_ value: UInt32) -> [UInt8] { withUnsafeBytes(of: value) { Array($0) } }
        var cie: [UInt8] = u32(0) + [1] + Array(augmentation.utf8) + [0, 0x01, 0x78, 0x10]
        if augmentation.hasPrefix("z") {
            cie += augmentation == "zPLR" ? [7, 0x9b] + u32(0) + [0x1b, 0x1b] : [1, 0x1b]
        }
        cie += [0x0c, 0x07, 0x08, 0x90, 0x01]
        while (cie.count + 4) % 8 != 0 { cie.append(0) }
        bytes += u32(UInt32(cie.count)) + cie
        for (index, program) in programs.enumerated() {
            let fdeOffset = bytes.count
            let start = functionStart + 0x100 * UInt64(index)
            // pc_begin is pc-relative: from its own field's address.
            let field = sectionAddress + UInt64(fdeOffset + 8)
            var fde = u32(UInt32(fdeOffset + 4)) // back to the CIE at 0
            fde += u32(UInt32(truncatingIfNeeded: Int64(start) - Int64(field))) + u32(0x40)
            fde += (augmentation == "zPLR" ? [4] + u32(0) : [0]) + program
            while (fde.count + 4) % 8 != 0 { fde.append(0) }
            bytes += u32(UInt32(fde.count)) + fde
        }
        return bytes + u32(0)
    }

    /// push %rbp (1 byte); mov %rsp,%rbp (3); body; an epilogue at +0x20: remember; leave ->
    /// CFA rsp+8; ret; restore_state at +0x22 (code after the ret is back in the body).
    static let framePointerFunction: [UInt8] = [
        0x41, 0x0e, 0x10, 0x86, 0x02, // +1: CFA rsp+16, rbp at CFA-16
        0x43, 0x0d, 0x06,             // +4: CFA rbp+16
        0x5c, 0x0a, 0x0c, 0x07, 0x08, // +0x20: remember_state; CFA rsp+8
        0x42, 0x0b,                   // +0x22: restore_state
    ]

    @Test func rowsOfAFramePointerFunction() throws {
        let table = EHFrameTable(bytes: Self.section([Self.framePointerFunction]), sectionAddress: Self.sectionAddress)
        #expect(table.count == 1)
        let start = Self.functionStart
        #expect(table.row(at: start) == CFARow(cfa: .register(7, offset: 8), returnAddress: .offset(-8)))
        #expect(table.row(at: start + 1) == CFARow(cfa: .register(7, offset: 16), rbp: .offset(-16), returnAddress: .offset(-8)))
        #expect(table.row(at: start + 3)?.cfa == .register(7, offset: 16))
        #expect(table.row(at: start + 4) == CFARow(cfa: .register(6, offset: 16), rbp: .offset(-16), returnAddress: .offset(-8)))
        #expect(table.row(at: start + 0x1f)?.cfa == .register(6, offset: 16))
        #expect(table.row(at: start + 0x20)?.cfa == .register(7, offset: 8))
        // restore_state brings back the CFA too (what gcc's epilogues rely on).
        #expect(table.row(at: start + 0x22) == CFARow(cfa: .register(6, offset: 16), rbp: .offset(-16), returnAddress: .offset(-8)))
        #expect(table.row(at: start + 0x3f)?.cfa == .register(6, offset: 16))
        #expect(table.row(at: start + 0x40) == nil, "past the FDE's range")
        #expect(table.row(at: start - 1) == nil)
    }

    @Test func aPersonalityAndLSDAInTheAugmentationAreSkipped() {
        let table = EHFrameTable(bytes: Self.section([Self.framePointerFunction], augmentation: "zPLR"),
                                 sectionAddress: Self.sectionAddress)
        #expect(table.row(at: Self.functionStart + 4)?.cfa == .register(6, offset: 16))
    }

    @Test func expressionsAndOtherRulesAreNotFollowed() {
        let table = EHFrameTable(bytes: Self.section([
            [0x0f, 0x02, 0x77, 0x08],                   // def_cfa_expression (as in a PLT)
            [0x10, 0x06, 0x01, 0x00, 0x07, 0x10],       // expression for rbp; undefined r16
            [0x41, 0x0e, 0x10, 0x09, 0x06, 0x03, 0x41, 0x11, 0x06, 0x7e, 0x42, 0x06, 0x06], // register; offset_sf; restore_extended
            [0x0c, 0x07, 0x10, 0x1d],                   // an op this interpreter does not know
            [0x13, 0x7e, 0x0a, 0x0a, 0x0b, 0x2e, 0x08], // def_cfa_offset_sf -2*-8 = 16; nested states; args_size
        ]), sectionAddress: Self.sectionAddress)
        #expect(table.count == 5)
        #expect(table.row(at: Self.functionStart)?.cfa == .expression)
        #expect(table.row(at: Self.functionStart + 0x100) == CFARow(cfa: .register(7, offset: 8), rbp: .unknown,
                                                                     returnAddress: .undefined))
        #expect(table.row(at: Self.functionStart + 0x200)?.rbp == .sameValue)
        #expect(table.row(at: Self.functionStart + 0x201)?.rbp == .unknown)
        #expect(table.row(at: Self.functionStart + 0x202)?.rbp == .offset(16))
        #expect(table.row(at: Self.functionStart + 0x204)?.rbp == .sameValue, "restored to the CIE's rule")
        #expect(table.row(at: Self.functionStart + 0x300) == nil)
        #expect(table.row(at: Self.functionStart + 0x400)?.cfa == .register(7, offset: 16))
    }

    @Test func damagedSectionsGiveNoRows() {
        let whole = Self.section([Self.framePointerFunction])
        for cut in [0, 3, 8, 20, 30, whole.count - 6] {
            let table = EHFrameTable(bytes: Array(whole.prefix(cut)), sectionAddress: Self.sectionAddress)
            #expect(table.row(at: Self.functionStart + 4) == nil, "cut at \(cut)")
        }
        var unknownVersion = whole
        unknownVersion[8] = 9
        #expect(EHFrameTable(bytes: unknownVersion, sectionAddress: Self.sectionAddress).count == 0)
        // A remember_state program that restores more than it remembered is refused.
        let table = EHFrameTable(bytes: Self.section([[0x0b]]), sectionAddress: Self.sectionAddress)
        #expect(table.row(at: Self.functionStart) == nil)
    }

    @Test func theCursorReadsLEB128AndEncodedPointers() {
        var cursor = DWARFCursor(bytes: [0xe5, 0x8e, 0x26, 0x7f, 0x80, 0x7f, 0xfc, 0xff, 0xff, 0xff], baseAddress: 0x1000)
        #expect(cursor.uleb() == 624_485)
        #expect(cursor.sleb() == -1)
        #expect(cursor.sleb() == -128)
        #expect(cursor.pointer(encoding: 0x1b) == 0x1000 + 6 - 4, "pc-relative sdata4")
        #expect(cursor.u8() == nil)
        var data = DWARFCursor(bytes: [1, 0, 0, 0])
        #expect(data.pointer(encoding: 0x3b) == nil, "data-relative: not for code addresses")
    }
}
