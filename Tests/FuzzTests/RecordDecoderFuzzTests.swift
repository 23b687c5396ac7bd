import CProbe
import Testing
@testable import VMScopeProbe

/// Ring-buffer records come from our own eBPF program, but a record's length, a name's bytes and
/// every field's value come from the traced process (paths, lengths, return values), and a
/// mismatched object (an old build's layout) must not turn into a crash.
@Suite struct RecordDecoderFuzzTests {
    /// One record of every kind this build knows (and a few it does not), at its natural size,
    /// some with a name tail.
    static let generated: [[UInt8]] = (0...24).flatMap { kind -> [[UInt8]] in
        [32, 40, 48, 56, 72, 80, 96].map { size in
            var bytes = [UInt8](repeating: 0, count: size)
            withUnsafeBytes(of: UInt32(kind)) { bytes.replaceSubrange(16..<20, with: $0) }
            if size >= 72 { bytes += Array("lib.so\0x86_64-linux-gnu\0lib\0usr\0\0".utf8) }
            return bytes
        }
    }

    /// Call records that carry a user stack (brk, mmap, munmap, mremap at their fixed sizes, and
    /// a file mmap with its name after the stack), with counts that fit, overrun the record, or
    /// exceed what the kernel side sends, and stack windows whole, cut short or of a wrong size.
    static let stacked: [[UInt8]] = [(1, 48), (2, 72), (2, 88), (3, 48), (4, 64)].flatMap { kind, size -> [[UInt8]] in
        [0, 1, 3, 32, 33, 0xffff_ffff].flatMap { (count: UInt32) -> [[UInt8]] in
          [(UInt32(0), 0), (UInt32(VMSCOPE_STACK_WINDOW), Int(VMSCOPE_STACK_WINDOW)), (UInt32(VMSCOPE_STACK_WINDOW), 100), (8, 8),
           (0xffff_ffff, 16)].map { (claimed: UInt32, present: Int) -> [UInt8] in
            var bytes = [UInt8](repeating: 0, count: size)
            withUnsafeBytes(of: UInt32(kind)) { bytes.replaceSubrange(16..<20, with: $0) }
            let named: UInt32 = size == 88 ? VMSCOPE_F_NAMED | VMSCOPE_F_COMPONENTS : 0
            withUnsafeBytes(of: VMSCOPE_F_USER_STACK | VMSCOPE_F_STACK_TRUNCATED | named) {
                bytes.replaceSubrange(20..<24, with: $0)
            }
            withUnsafeBytes(of: count) { bytes += $0 }
            withUnsafeBytes(of: claimed) { bytes += $0 }
            withUnsafeBytes(of: UInt64(0x7ffc_0000_1000)) { bytes += $0 }
            withUnsafeBytes(of: UInt64(0x7ffc_0000_1040)) { bytes += $0 }
            bytes += (0..<min(count, 3)).flatMap { i in withUnsafeBytes(of: UInt64(0x5555_0000_1000) + UInt64(i)) { Array($0) } }
            bytes += [UInt8](repeating: 0xa5, count: present)
            if named != 0 { bytes += Array("lib.so\0lib\0".utf8) }
            return bytes
          }
        }
    }

    static let target = FuzzTarget(
        name: "records",
        seeds: generated + stacked + FuzzCorpus.seeds("records") + FuzzCorpus.regressions("records"),
        generate: { random in
            var bytes = (0..<(random.below(160))).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            if bytes.count >= 24 {
                withUnsafeBytes(of: UInt32(random.below(26))) { bytes.replaceSubrange(16..<20, with: $0) }
                withUnsafeBytes(of: UInt32(truncatingIfNeeded: random.next() & 0xffff)) { bytes.replaceSubrange(20..<24, with: $0) }
            }
            return bytes
        },
        maxLength: 4096,
        check: { input in
            input.withUnsafeBytes { _ = RecordDecoder.decode($0) }
            // At an odd address: the decoder reads unaligned (ring-buffer records are 8-aligned,
            // but a name tail's are not).
            ([0] + input).withUnsafeBytes { _ = RecordDecoder.decode(UnsafeRawBufferPointer(rebasing: $0.dropFirst())) }
        })

    @Test func survivesMutatedAndGeneratedInput() {
        let report = Fuzzer.run(Self.target, iterations: Fuzzer.iterations(short: 4_000))
        print(report)
        #expect(report.slowest < Fuzzer.inputTimeBound)
        #expect(report.residentGrowthBytes < 256 << 20)
    }

    @Test func regressionInputsStillPass() {
        for input in FuzzCorpus.regressions("records") { Self.target.check(input) }
    }
}
