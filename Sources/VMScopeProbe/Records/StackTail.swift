import CProbe
import VMScopeCore

/// The user call stack a call record carries after its fixed part (VMSCOPE_F_USER_STACK: a
/// vmscope_stack head with sp and bp, then `count` addresses, then the stack window), and where
/// the record goes on after it (a file mmap's name follows the stack).
struct StackTail {
    /// nil when the record has no stack.
    var stack: UserStack?
    /// Offset of what follows the stack (the fixed part's end when there is none).
    var end: Int

    /// The tail after a fixed part of `fixedSize` bytes; nil when the header claims a stack the
    /// record is too short for, or more frames than the kernel side ever sends (a record from
    /// some other layout: dropping it beats reading garbage as addresses).
    static func decode(_ record: UnsafeRawBufferPointer, fixedSize: Int, flags: UInt32) -> StackTail? {
        guard flags & VMSCOPE_F_USER_STACK != 0 else { return StackTail(stack: nil, end: fixedSize) }
        let headSize = MemoryLayout<vmscope_stack>.size
        guard fixedSize >= 0, record.count >= fixedSize + headSize, let base = record.baseAddress else { return nil }
        let head = base.loadUnaligned(fromByteOffset: fixedSize, as: vmscope_stack.self)
        let count = Int(head.count)
        let first = fixedSize + headSize
        let windowSize = Int(head.window)
        guard count <= Int(VMSCOPE_STACK_MAX), windowSize <= Int(VMSCOPE_STACK_WINDOW),
              record.count >= first + count * 8 + windowSize else { return nil }
        let addresses = (0..<count).map { base.loadUnaligned(fromByteOffset: first + $0 * 8, as: UInt64.self) }
        let windowStart = first + count * 8
        let window = Array(UnsafeRawBufferPointer(rebasing: record[windowStart..<windowStart + windowSize]))
        return StackTail(stack: UserStack(addresses: addresses, truncated: flags & VMSCOPE_F_STACK_TRUNCATED != 0,
                                          registers: UserStack.Registers(sp: head.sp, bp: head.bp, window: window)),
                         end: windowStart + windowSize)
    }
}
