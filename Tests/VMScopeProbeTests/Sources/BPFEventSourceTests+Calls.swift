import Foundation
import Testing
import VMScopeCore
@testable import VMScopeProbe

/// Every memory-layout call beyond the classic five, made once by `vmscope-workload calls`,
/// seen by the real probe at the address and length the workload reports.
extension BPFEventSourceTests {
    @Test func everyMemoryCallIsSeenWithItsAddressAndLength() throws {
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("vmscope-calls-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: report) }
        let run = try TracedRun.run([BuiltProducts.workload.path, "calls", report.path], source: source)
        #expect(run.waitStatus == 0)
        let ops = try ReportLines.read(report)
        #expect(ops.last?["op"] as? String == "end", "the workload ran to its end: \(ops.last ?? [:])")
        let kinds = run.own.map(\.kind)

        func u64(_ op: [String: Any], _ key: String) -> UInt64 { (op[key] as? NSNumber)?.uint64Value ?? 0 }
        func i32(_ op: [String: Any], _ key: String) -> Int32 { (op[key] as? NSNumber)?.int32Value ?? 0 }
        func expectSeen(_ kind: MemoryEventKind, _ op: [String: Any]) {
            let seen = kinds.contains(kind)
            #expect(seen, "not seen: \(kind) for \(op)")
        }

        var checked: Set<String> = []
        for op in ops {
            guard let name = op["op"] as? String else { continue }
            let address = u64(op, "addr"), length = u64(op, "len"), arg = i32(op, "arg"), code = i32(op, "errno")
            let call: MemorySyscall? = switch name {
            case "mprotect": .mprotect
            case "pkey_mprotect": .pkeyMprotect
            case "madvise": .madvise
            case "mlock": .mlock
            case "munlock": .munlock
            case "mlock2": .mlock2
            case "mlockall": .mlockall
            case "munlockall": .munlockall
            case "mseal": .mseal
            default: nil
            }
            if let call, code != 0 {
                expectSeen(.failed(syscall: call, errno: code, address: address, length: length), op)
                checked.insert(name)
                continue
            }
            switch name {
            case "shmat":
                expectSeen(.shmat(address: address, length: length, shmid: i32(op, "shmid"),
                                  readOnly: op["read_only"] as? Bool ?? false), op)
            case "shmdt":
                // After an mprotect split the attachment is three VMAs: shmdt removes them all.
                expectSeen(.shmdt(address: address, length: length), op)
            case "mprotect":
                expectSeen(.mprotect(address: address, length: length, protection: MapProtection(rawValue: UInt32(arg))), op)
            case "pkey_mprotect":
                let protection: MapProtection = arg == -1 ? .read : [.read, .write]
                expectSeen(.pkeyMprotect(address: address, length: length, protection: protection, pkey: arg), op)
            case "madvise":
                expectSeen(.madvise(address: address, length: length, advice: MemoryAdvice(rawValue: arg)), op)
            case "mlock", "munlock", "mlock2", "mlockall", "munlockall":
                expectSeen(.memoryLock(call: call!, address: address, length: length, flags: UInt32(bitPattern: arg)), op)
            case "mseal":
                expectSeen(.mseal(address: address, length: length, flags: UInt64(arg)), op)
            case "io_setup":
                #expect(code == 0, "io_setup failed in the workload: \(op)")
                expectSeen(.aioSetup(address: address, length: length), op)
            case "io_destroy":
                expectSeen(.aioDestroy(address: address, length: length), op)
            case "failed":
                let syscall = try #require(MemorySyscall.allCases.first { $0.description == op["syscall"] as? String })
                #expect(code != 0, "the workload's call was meant to fail: \(op)")
                expectSeen(.failed(syscall: syscall, errno: code, address: address, length: length), op)
                checked.insert("failed " + syscall.description)
                continue
            default:
                continue
            }
            checked.insert(name)
        }
        #expect(checked.isSuperset(of: [
            "shmat", "shmdt", "mprotect", "pkey_mprotect", "madvise", "mlock", "munlock", "mlock2", "mlockall",
            "munlockall", "mseal", "io_setup", "io_destroy", "failed shmat", "failed shmdt", "failed io_setup",
            "failed io_destroy", "failed execve", "failed execveat",
        ]), "every call was made and checked: \(checked.sorted())")
        // A failed exec starts like any exec: the start is reported before the failure.
        let execStarts = kinds.indices.filter { kinds[$0] == .execStarted }
        #expect(execStarts.count >= 3, "the launch and the two failing execs")
    }
}

extension BPFEventSourceTests {
    @Test func aDeepPathCutByTheKernelIsCompletedFromMapFilesForTheSameFile() throws {
        // Fourteen directories: more than the kernel's walk takes, so the record's path is cut.
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("vmscope-deep-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = (1...14).reduce(root) { $0.appendingPathComponent("d\($1)") }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("deep.bin")
        try Data(count: 4096).write(to: file)
        var status = stat()
        #expect(stat(file.path, &status) == 0)
        // The mapping lives on while the source drains, so its map_files link can be read.
        let script = """
            import mmap, sys, time
            with open(sys.argv[1], "rb") as f:
                m = mmap.mmap(f.fileno(), 4096, prot=mmap.PROT_READ)
            time.sleep(0.5)
            """
        let run = try TracedRun.run([Python.executable, "-c", script, file.path], source: source)
        let files = run.own.compactMap { event -> MappedFile? in
            if case .mmap(_, 4096, _, _, _, _, let mapped?) = event.kind, mapped.path.hasSuffix("deep.bin") { return mapped }
            return nil
        }
        let mapped = try #require(files.first, "the mmap of the deep file is reported")
        #expect(mapped.device == MapFiles.kernelDevice(UInt64(status.st_dev)), "the kernel's dev_t")
        #expect(mapped.inode == UInt64(status.st_ino))
        #expect(mapped.path == file.path, "completed from map_files, which names the same file")
    }

    @Test func deviceNumbersConvertFromGlibcToTheKernelEncoding() {
        // glibc: major bits 8-19 and 32-43, minor bits 0-7 and 20-31; kernel: major << 20 | minor.
        #expect(MapFiles.kernelDevice(0xfe00) == 254 << 20)
        #expect(MapFiles.kernelDevice(0x0803) == 8 << 20 | 3)
        #expect(MapFiles.kernelDevice(0x0001_2000_1233_4567) == (0x12345 << 20) | 0x12367)
    }
}
