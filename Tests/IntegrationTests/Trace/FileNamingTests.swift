import Foundation
import Glibc
import Testing

extension TraceAcceptanceTests {
    /// A file mapping is named after the file that was mapped, never after a later mapping that
    /// took the same address (the loader maps /etc/ld.so.cache, unmaps it, and locale files land
    /// where it was).
    @Suite("mapped file names")
    struct FileNamingTests {
        static let perl = ["/usr/bin/perl", "/bin/perl"].first { FileManager.default.isExecutableFile(atPath: $0) }

        /// stat(2) of a path: size, inode and device (major:minor as the trace writes it).
        static func identity(_ path: String) -> (size: UInt64, inode: UInt64, device: String)? {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            let dev = UInt64(info.st_dev)
            let major = ((dev >> 8) & 0xfff) | ((dev >> 32) & ~UInt64(0xfff))
            let minor = (dev & 0xff) | ((dev >> 12) & ~UInt64(0xff))
            return (UInt64(info.st_size), UInt64(info.st_ino), "\(major):\(minor)")
        }

        @Test("perl under trace: the loader's ld.so.cache mapping is named /etc/ld.so.cache, no mmap names a file that disagrees",
              .enabled(if: perl != nil, "perl is not installed (/usr/bin/perl): the ld.so.cache naming test needs a dynamically linked program that maps locale files"))
        func loaderCacheNamed() throws {
            let cache = try #require(Self.identity("/etc/ld.so.cache"), "no /etc/ld.so.cache on this machine")
            let run = try TraceFileRun.run(["--json", "--", Self.perl!, "-e", "select(undef,undef,undef,0.2)"], timeout: .seconds(30))
            guard let records = TraceAcceptanceTests.records(of: run, "perl") else { return }
            #expect(run.status == 0, "\(run.summary)")
            let pid = records.records(type: "start").first?.int("pid")
            let mmaps = records.events(kind: "mmap").filter { $0.int("pid") == pid }

            // The loader's first file mapping after exec is the whole cache, read-only, at offset 0.
            let firstFile = mmaps.first { ($0.int("fd") ?? -1) >= 0 }
            #expect(firstFile?.u64("len") == cache.size && firstFile?.u64("offset") == 0,
                    "the first file mapping is not the ld.so.cache one (\(cache.size) bytes): \(firstFile ?? [:])")
            #expect(firstFile?.string("path") == "/etc/ld.so.cache",
                    "the loader's mapping of /etc/ld.so.cache is named \(firstFile?.string("path") ?? "nothing"): \(firstFile ?? [:])")

            // Every named mapping names a file that exists, whose identity matches when the event
            // carries one, that reaches the mapped offset, and, for data files the loader and libc
            // map whole (the cache, locale files, gconv), is no shorter than the mapping's page span.
            var problems: [String] = []
            for event in mmaps {
                guard let path = event.string("path") else { continue }
                let where_ = "mmap at 0x\(String(event.u64("addr") ?? 0, radix: 16)) len \(event.u64("len") ?? 0) named \(path)"
                guard let file = Self.identity(path) else { problems.append("\(where_): no such file"); continue }
                if let inode = event.u64("inode"), inode != 0, inode != file.inode {
                    problems.append("\(where_): inode \(inode), the file's is \(file.inode)")
                }
                if let device = event.string("dev"), device != "0:0", device != file.device {
                    problems.append("\(where_): device \(device), the file's is \(file.device)")
                }
                let offset = event.u64("offset") ?? 0
                if offset >= file.size { problems.append("\(where_): offset \(offset) is past the file's end (\(file.size) bytes)") }
                let name = URL(fileURLWithPath: path).lastPathComponent
                let isLibrary = name.hasPrefix("lib") || name.hasPrefix("ld-linux") || name.hasSuffix(".so")
                let span = ((event.u64("len") ?? 0) + 4095) & ~4095
                if !isLibrary, span > (file.size + 4095) & ~4095 {
                    problems.append("\(where_): the mapping spans \(span) bytes, the file has \(file.size)")
                }
            }
            #expect(problems.isEmpty, "\(problems.count) mmap event(s) name a file that disagrees:\n  \(problems.prefix(10).joined(separator: "\n  "))")
        }
    }
}
