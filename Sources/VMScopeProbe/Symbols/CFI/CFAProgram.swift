/// Runs the call frame instructions of a CIE and an FDE (DWARF 5 §6.4.2, as .eh_frame uses
/// them) up to one instruction address, giving the row that holds there. The ops are those gcc,
/// clang and glibc emit for x86-64: advance_loc*, set_loc, def_cfa*, offset*, restore*,
/// undefined, same_value, register, remember/restore_state, nop, GNU_args_size; an expression
/// (def_cfa_expression: PLT entries) makes the CFA unusable, an expression for a register makes
/// that register's rule unknown. An op it does not know ends the program: nil.
public struct CFAProgram: Sendable {
    public var codeAlignment: UInt64
    public var dataAlignment: Int64
    /// The register holding the return address (16 on x86-64).
    public var returnAddressRegister: UInt64
    /// DW_EH_PE encoding of DW_CFA_set_loc's operand (the CIE's 'R').
    public var pointerEncoding: UInt8

    public init(codeAlignment: UInt64, dataAlignment: Int64, returnAddressRegister: UInt64, pointerEncoding: UInt8 = 0) {
        self.codeAlignment = codeAlignment
        self.dataAlignment = dataAlignment
        self.returnAddressRegister = returnAddressRegister
        self.pointerEncoding = pointerEncoding
    }

    /// The row at `target`, for the FDE whose code starts at `start`: the CIE's initial
    /// instructions, then the FDE's while their location stays at or below `target`.
    public func row(initial: [UInt8], instructions: [UInt8], start: UInt64, target: UInt64) -> CFARow? {
        var state = State(row: CFARow(), initial: CFARow())
        var location = start
        guard run(initial, state: &state, location: &location, target: UInt64.max) else { return nil }
        state.initial = state.row
        location = start
        guard run(instructions, state: &state, location: &location, target: target) else { return nil }
        return state.row
    }

    private struct State {
        var row: CFARow
        var initial: CFARow
        var stack: [CFARow] = []
    }

    /// False when the program is damaged or uses an op not known here.
    private func run(_ bytes: [UInt8], state: inout State, location: inout UInt64, target: UInt64) -> Bool {
        var cursor = DWARFCursor(bytes: bytes)
        func advance(_ delta: UInt64?) -> Bool? {
            guard let delta else { return nil }
            let next = location &+ delta &* codeAlignment
            if next > target { return false }
            location = next
            return true
        }
        while let op = cursor.u8() {
            switch op >> 6 {
            case 1:
                guard let go = advance(UInt64(op & 0x3f)) else { return false }
                if !go { return true }
                continue
            case 2:
                guard let offset = cursor.uleb() else { return false }
                set(UInt64(op & 0x3f), .offset(Int64(bitPattern: offset) &* dataAlignment), in: &state.row)
                continue
            case 3:
                restore(UInt64(op & 0x3f), state: &state)
                continue
            default: break
            }
            switch op {
            case 0x00: break // nop
            case 0x01: // set_loc
                guard let address = cursor.pointer(encoding: pointerEncoding) else { return false }
                if address > target { return true }
                location = address
            case 0x02, 0x03, 0x04: // advance_loc1/2/4
                guard let go = advance(cursor.unsigned(op == 0x02 ? 1 : op == 0x03 ? 2 : 4)) else { return false }
                if !go { return true }
            case 0x05: // offset_extended
                guard let register = cursor.uleb(), let offset = cursor.uleb() else { return false }
                set(register, .offset(Int64(bitPattern: offset) &* dataAlignment), in: &state.row)
            case 0x06: // restore_extended
                guard let register = cursor.uleb() else { return false }
                restore(register, state: &state)
            case 0x07, 0x08: // undefined, same_value
                guard let register = cursor.uleb() else { return false }
                set(register, op == 0x07 ? .undefined : .sameValue, in: &state.row)
            case 0x09: // register
                guard let register = cursor.uleb(), cursor.uleb() != nil else { return false }
                set(register, .unknown, in: &state.row)
            case 0x0a: state.stack.append(state.row) // remember_state
            case 0x0b: // restore_state: the CFA too, as gcc's epilogues (`remember; def_cfa_offset 8;
                // ret; restore`) expect and libgcc, gdb and libunwind do
                guard let saved = state.stack.popLast() else { return false }
                state.row = saved
            case 0x0c: // def_cfa
                guard let register = cursor.uleb(), let offset = cursor.uleb() else { return false }
                state.row.cfa = .register(register, offset: Int64(bitPattern: offset))
            case 0x0d: // def_cfa_register
                guard let register = cursor.uleb() else { return false }
                guard case .register(_, let offset) = state.row.cfa else { state.row.cfa = .expression; break }
                state.row.cfa = .register(register, offset: offset)
            case 0x0e: // def_cfa_offset
                guard let offset = cursor.uleb() else { return false }
                guard case .register(let register, _) = state.row.cfa else { break }
                state.row.cfa = .register(register, offset: Int64(bitPattern: offset))
            case 0x0f: // def_cfa_expression
                guard skipBlock(&cursor) else { return false }
                state.row.cfa = .expression
            case 0x10, 0x16: // expression, val_expression
                guard let register = cursor.uleb(), skipBlock(&cursor) else { return false }
                set(register, .unknown, in: &state.row)
            case 0x11: // offset_extended_sf
                guard let register = cursor.uleb(), let offset = cursor.sleb() else { return false }
                set(register, .offset(offset &* dataAlignment), in: &state.row)
            case 0x12: // def_cfa_sf
                guard let register = cursor.uleb(), let offset = cursor.sleb() else { return false }
                state.row.cfa = .register(register, offset: offset &* dataAlignment)
            case 0x13: // def_cfa_offset_sf
                guard let offset = cursor.sleb() else { return false }
                guard case .register(let register, _) = state.row.cfa else { break }
                state.row.cfa = .register(register, offset: offset &* dataAlignment)
            case 0x14, 0x15: // val_offset, val_offset_sf: the value is CFA + offset, not saved there
                guard let register = cursor.uleb(), (op == 0x14 ? cursor.uleb().map { _ in 0 } : cursor.sleb()) != nil
                else { return false }
                set(register, .unknown, in: &state.row)
            case 0x2e: // GNU_args_size
                guard cursor.uleb() != nil else { return false }
            case 0x2f: // GNU_negative_offset_extended
                guard let register = cursor.uleb(), let offset = cursor.uleb() else { return false }
                set(register, .offset(-(Int64(bitPattern: offset) &* dataAlignment)), in: &state.row)
            default:
                return false
            }
        }
        return true
    }

    private func skipBlock(_ cursor: inout DWARFCursor) -> Bool {
        guard let length = cursor.uleb(), length <= UInt64(cursor.bytes.count - min(cursor.offset, cursor.bytes.count))
        else { return false }
        cursor.offset += Int(length)
        return true
    }

    private func set(_ register: UInt64, _ rule: CFARow.Rule, in row: inout CFARow) {
        if register == CFARow.rbpRegister { row.rbp = rule }
        if register == returnAddressRegister { row.returnAddress = rule }
    }

    private func restore(_ register: UInt64, state: inout State) {
        if register == CFARow.rbpRegister { state.row.rbp = state.initial.rbp }
        if register == returnAddressRegister { state.row.returnAddress = state.initial.returnAddress }
    }
}
