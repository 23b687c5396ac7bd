import Foundation
import Testing
@testable import VMScopeProbe

/// The one-line reasons for falling back to polling, and the embedded object itself.
struct DiagnosisTests {
    @Test func capabilitiesComeFromCapEff() throws {
        let status = "Name:\tvmscope\nCapInh:\t0000000000000000\nCapEff:\t000000c000000000\n"
        let caps = try #require(EffectiveCapabilities.parse(status: status))
        #expect(caps.has(EffectiveCapabilities.bpf))
        #expect(caps.has(EffectiveCapabilities.perfmon))
        #expect(!caps.has(EffectiveCapabilities.sysAdmin))
        #expect(caps.canLoadTracingPrograms)
        let none = EffectiveCapabilities(mask: 0)
        #expect(!none.canLoadTracingPrograms)
        #expect(none.missingForTracing == ["CAP_BPF", "CAP_PERFMON"])
        #expect(EffectiveCapabilities(mask: 1 << 21).canLoadTracingPrograms, "CAP_SYS_ADMIN covers both")
    }

    @Test func reasonsAreOneLineAndSayWhatToDo() {
        let reasons: [BPFUnavailable] = [
            .notPrivileged(missing: ["CAP_BPF", "CAP_PERFMON"], isRoot: false),
            .notPrivileged(missing: ["CAP_BPF", "CAP_PERFMON"], isRoot: true),
            .noBTF(path: "/sys/kernel/btf/vmlinux"),
            .kernelRefused(step: "load the eBPF programs", errno: EPERM, message: "libbpf: prog 'x': failed to load: -1\n"),
            .corruptObject,
        ]
        for reason in reasons {
            #expect(!reason.description.contains("\n"))
            #expect(reason.description.hasPrefix("eBPF unavailable: "))
        }
        #expect(reasons[0].description.contains("CAP_BPF and CAP_PERFMON"))
        #expect(reasons[0].description.contains("root"))
        #expect(reasons[1].description.contains("running as root but without CAP_BPF"))
        #expect(reasons[2].description.contains("CONFIG_DEBUG_INFO_BTF"))
        #expect(reasons[3].description.contains("Operation not permitted"))
        #expect(reasons[3].description.contains("failed to load"))
    }

    @Test func embeddedObjectIsABPFElf() throws {
        let bytes = try #require(Data(base64Encoded: EmbeddedBPFObject.base64))
        #expect(bytes.count == EmbeddedBPFObject.byteCount)
        #expect(bytes.prefix(4) == Data([0x7f, 0x45, 0x4c, 0x46]), "ELF magic")
        let machine = UInt16(bytes[18]) | UInt16(bytes[19]) << 8
        #expect(machine == 247, "EM_BPF")
    }
}
