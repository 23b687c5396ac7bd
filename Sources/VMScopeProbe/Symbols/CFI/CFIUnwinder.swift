import VMScopeCore

/// Turns a raw capture (frame 0, the kernel's frame-pointer chain, sp, bp and the top of the
/// user stack) into the exact innermost frames: unwinds from frame 0 by the CFI of each frame's
/// code, reading return addresses and saved rbp from the copied window, never scanning it for
/// things that look like return addresses.
///
/// The kernel's walk started at the captured bp: its first entry is the return address saved
/// at bp + 8, the one of the frame whose CFA is bp + 16. When the unwinding reaches that frame,
/// the chain is appended from there: [wrapper, F, F's caller, ...], where the walk alone gave
/// [wrapper, F's caller, ...] (a glibc wrapper without frame pointers leaves bp to F). When it
/// never does, the chain's link to the unwound frames is unknown: the stack ends with what the
/// CFI found, truncated. When the CFI cannot unwind frame 0 at all, the capture stays as it
/// was, marked `callerMayBeSkipped` when it has a chain.
public struct CFIUnwinder {
    /// The CFA row at an address (frame 0's own, a return address minus one), or nil when the
    /// code there has no CFI vmscope can read.
    public var row: (UInt64) -> CFARow?
    public var depthLimit: Int

    public init(depthLimit: Int = 32, row: @escaping (UInt64) -> CFARow?) {
        self.row = row
        self.depthLimit = depthLimit
    }

    /// Rewrites `stack.addresses` (and `truncated`, `callerMayBeSkipped`) from its registers,
    /// then drops them. A stack without registers (an i386 call, a recording) is left as it is.
    public func unwind(_ stack: inout UserStack) {
        guard let registers = stack.registers else { return }
        stack.registers = nil
        guard let ip = stack.addresses.first else { return }
        let chain = stack.addresses.dropFirst()
        // The kernel's own test (bpf put_stack): it walked only from a bp that may be a frame pointer.
        let walked = registers.bp >= registers.sp && registers.bp - registers.sp < 1 << 20 && registers.bp & 7 == 0
        var frames = [ip]
        var pc = ip, sp = registers.sp
        var bp: UInt64? = registers.bp
        var ended = false
        while frames.count <= depthLimit {
            guard let row = row(frames.count == 1 ? pc : pc &- 1),
                  case .register(let register, let offset) = row.cfa,
                  let base = register == CFARow.rspRegister ? sp : register == CFARow.rbpRegister ? bp : nil
            else { break }
            let cfa = base &+ UInt64(bitPattern: offset)
            if walked, cfa == registers.bp &+ 16 {
                stack.addresses = frames + chain
                stack.callerMayBeSkipped = false
                return
            }
            // _start marks its return address undefined: the outermost frame, the stack is whole.
            if row.returnAddress == .undefined { ended = true; break }
            guard case .offset(let slot) = row.returnAddress,
                  let returnAddress = Self.read(registers, at: cfa &+ UInt64(bitPattern: slot)) else { break }
            switch row.rbp {
            case .offset(let saved): bp = Self.read(registers, at: cfa &+ UInt64(bitPattern: saved))
            case .sameValue: break
            case .undefined, .unknown: bp = nil
            }
            if returnAddress == 0 { ended = true; break } // the outermost frame (_start clears it)
            frames.append(returnAddress)
            pc = returnAddress
            sp = cfa
        }
        if frames.count == 1 && !ended {
            // Frame 0 could not be unwound: today's capture, whose frame 1 may not be the caller.
            stack.callerMayBeSkipped = !chain.isEmpty
            return
        }
        stack.addresses = Array(frames.prefix(depthLimit))
        stack.truncated = !ended
        stack.callerMayBeSkipped = false
    }

    /// The 8 bytes at user address `address`, when the window holds them.
    static func read(_ registers: UserStack.Registers, at address: UInt64) -> UInt64? {
        guard address >= registers.sp else { return nil }
        let offset = address - registers.sp
        guard offset <= UInt64(registers.window.count), UInt64(registers.window.count) - offset >= 8 else { return nil }
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(registers.window[Int(offset) + index]) << (8 * UInt64(index)) }
        return value
    }
}
