/// What the CFI says at one instruction of x86-64 code, for unwinding past it: how to compute
/// the canonical frame address (the caller's stack pointer), and where the return address and
/// the caller's rbp are saved. Only the registers the unwinder needs are tracked.
public struct CFARow: Sendable, Hashable {
    /// The CFA: a register (DWARF number: 6 rbp, 7 rsp) plus an offset, or a DWARF expression
    /// (PLT entries, signal frames), which vmscope does not evaluate: the unwinding stops there.
    public enum CFA: Sendable, Hashable {
        case register(UInt64, offset: Int64)
        case expression
    }

    /// How a register of the caller is found.
    public enum Rule: Sendable, Hashable {
        /// Unchanged by this frame (also the rule before the CFI says anything).
        case sameValue
        /// Saved at CFA + offset.
        case offset(Int64)
        /// Lost (DW_CFA_undefined: for the return address, the outermost frame).
        case undefined
        /// Another register, an expression: not followed.
        case unknown
    }

    public var cfa: CFA
    public var rbp: Rule
    public var returnAddress: Rule

    public init(cfa: CFA = .expression, rbp: Rule = .sameValue, returnAddress: Rule = .sameValue) {
        self.cfa = cfa
        self.rbp = rbp
        self.returnAddress = returnAddress
    }

    static let rbpRegister: UInt64 = 6
    static let rspRegister: UInt64 = 7
    static let returnAddressRegister: UInt64 = 16
}
