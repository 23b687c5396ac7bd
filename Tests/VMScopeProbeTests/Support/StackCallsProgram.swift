import Foundation
import Testing

/// A small C program whose memory calls are made from known functions, built by the test with
/// gcc in the variants the user-stack capture is checked against: each call is a `syscall`
/// (`int $0x80` for i386) instruction inside its own noinline function (`syscall()` would be
/// libc's, and frame 0 would lie in libc), called from `make_calls`. It writes where its
/// functions are (`name 0x...`) to its argument before calling anything, then what the calls
/// returned; `nm -S` gives each function's size.
enum StackCallsProgram {
    enum Variant: String, CaseIterable {
        /// -fno-omit-frame-pointer, and a frame forced in the leaf functions (gcc sets none up
        /// in a leaf that needs none, and the walk from rbp would skip the leaf's caller).
        case framePointers = "-O1 -fno-omit-frame-pointer -DFRAMES"
        case noFramePointers = "-O1 -fomit-frame-pointer"
        case i386 = "-m32 -O1 -fno-omit-frame-pointer -DFRAMES"
    }

    /// A built variant: the binary and each function's size.
    struct Built {
        let binary: URL
        let sizes: [String: UInt64]
    }

    /// What one run reported: function starts and the values its calls returned.
    struct Report {
        let starts: [String: UInt64]
        let values: [String: [UInt64]]

        init(_ url: URL) throws {
            var starts: [String: UInt64] = [:]
            var values: [String: [UInt64]] = [:]
            for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") {
                let words = line.split(separator: " ").map(String.init)
                guard let name = words.first, words.count >= 2 else { continue }
                let numbers = words.dropFirst().compactMap { word -> UInt64? in
                    word.hasPrefix("0x") ? UInt64(word.dropFirst(2), radix: 16) : Int64(word).map { UInt64(bitPattern: $0) }
                }
                if name.hasPrefix("do_") || name == "make_calls" { starts[name] = numbers.first } else { values[name] = numbers }
            }
            self.starts = starts
            self.values = values
        }
    }

    static let length: UInt64 = 0x5a000
    static let grown: UInt64 = 0x7b000

    private static let directory: URL = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vmscope-stackcalls-\(getpid())")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }()

    private static let built: [Variant: Built] = {
        let source = directory.appendingPathComponent("stackcalls.c")
        guard (try? program.write(to: source, atomically: true, encoding: .utf8)) != nil else { return [:] }
        var built: [Variant: Built] = [:]
        for variant in Variant.allCases {
            let binary = directory.appendingPathComponent("stackcalls-\(variant)")
            let flags = variant.rawValue.split(separator: " ").map(String.init)
            guard run(["gcc"] + flags + ["-o", binary.path, source.path]) != nil,
                  let symbols = run(["nm", "-S", binary.path]) else { continue }
            var sizes: [String: UInt64] = [:]
            for line in symbols.split(separator: "\n") {
                let fields = line.split(separator: " ")
                if fields.count == 4, let size = UInt64(fields[1], radix: 16) { sizes[String(fields[3])] = size }
            }
            built[variant] = Built(binary: binary, sizes: sizes)
        }
        return built
    }()

    static func binary(_ variant: Variant) -> Built? { built[variant] }

    static func skipComment(_ variant: Variant) -> Comment {
        let what = variant == .i386 ? "gcc -m32 (is gcc-multilib installed?)" : "gcc (is it installed?)"
        return Comment(rawValue: "SKIPPED: \(what) could not build the stack test program with \(variant.rawValue)")
    }

    /// The command's standard output, or nil when it could not run or failed.
    private static func run(_ command: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/env")
        process.arguments = command
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? String(decoding: output, as: UTF8.self) : nil
    }

    static let program = #"""
            /* Memory calls made from known functions, for the user-stack capture tests: each call is a raw
             * `syscall` (or `int $0x80`) instruction inside its own noinline function, so the kernel's
             * frame 0 lies in that function and, with frame pointers, frame 1 in `make_calls`. Writes each
             * function's address to argv[1] before calling anything, then the values it passed. */
            #include <stdio.h>

            #define NOINLINE __attribute__((noinline, noclone))
            /* gcc sets up no frame in a leaf function that needs none, even with -fno-omit-frame-pointer:
             * the walk from rbp would then skip the leaf's caller. Built with -DFRAMES, each calling
             * function takes its frame address, which forces a frame. */
            #ifdef FRAMES
            #define FRAME , "r"(__builtin_frame_address(0))
            #else
            #define FRAME
            #endif
            #define LENGTH 0x5a000UL
            #define GROWN  0x7b000UL

            #if defined(__x86_64__)
            static inline __attribute__((always_inline)) long call4(long nr, long a, long b, long c, long d)
            {
                register long r10 __asm__("r10") = d;
                long ret;
                __asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10) FRAME : "rcx", "r11", "memory");
                return ret;
            }
            NOINLINE long do_brk(unsigned long addr) { return call4(12, addr, 0, 0, 0); }
            NOINLINE long do_mmap(unsigned long len)
            {
                register long r10 __asm__("r10") = 0x22; /* MAP_PRIVATE | MAP_ANONYMOUS */
                register long r8 __asm__("r8") = -1;
                register long r9 __asm__("r9") = 0;
                long ret;
                __asm__ volatile("syscall" : "=a"(ret) : "a"(9L), "D"(0L), "S"(len), "d"(3L), "r"(r10), "r"(r8), "r"(r9) FRAME
                                 : "rcx", "r11", "memory");
                return ret;
            }
            NOINLINE long do_mremap(unsigned long addr, unsigned long old_len, unsigned long new_len)
            {
                return call4(25, addr, old_len, new_len, 1 /* MREMAP_MAYMOVE */);
            }
            NOINLINE long do_munmap(unsigned long addr, unsigned long len) { return call4(11, addr, len, 0, 0); }
            /* A frame where bp points during this call, far from the stack: a walk from bp would
             * report 0x1234 as the caller. */
            unsigned long stray_frame[2] = {0, 0x1234};
            NOINLINE long do_munmap_stray_bp(unsigned long addr, unsigned long len)
            {
                long ret;
                __asm__ volatile("mov %%rbp, %%r12\n\tmov %[stray], %%rbp\n\tsyscall\n\tmov %%r12, %%rbp"
                                 : "=a"(ret) : "a"(11L), "D"(addr), "S"(len), [stray] "r"(stray_frame) FRAME
                                 : "rcx", "r11", "r12", "memory");
                return ret;
            }
            #else
            static inline __attribute__((always_inline)) long call4(long nr, long a, long b, long c, long d)
            {
                long ret;
                __asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d) FRAME : "memory");
                return ret;
            }
            NOINLINE long do_brk(unsigned long addr) { return call4(45, addr, 0, 0, 0); }
            NOINLINE long do_mmap(unsigned long len)
            {
                /* The old one-argument mmap: its arguments in memory (no sixth register to spare). */
                unsigned long args[6] = {0, len, 3, 0x22, (unsigned long)-1, 0};
                return call4(90, (long)args, 0, 0, 0);
            }
            NOINLINE long do_mremap(unsigned long addr, unsigned long old_len, unsigned long new_len)
            {
                return call4(163, addr, old_len, new_len, 1);
            }
            NOINLINE long do_munmap(unsigned long addr, unsigned long len) { return call4(91, addr, len, 0, 0); }
            NOINLINE long do_munmap_stray_bp(unsigned long addr, unsigned long len) { return call4(91, addr, len, 0, 0); }
            #endif

            NOINLINE long make_calls(FILE *report)
            {
                long now = do_brk(0);                  /* only asks: not reported */
                long grown = do_brk(now + 0x13000);    /* moves the break */
                long same = do_brk(grown);             /* leaves it where it is: no stack */
                long refused = do_brk(1);              /* below the heap: refused */
                long mapped = do_mmap(LENGTH);
                long moved = do_mremap(mapped, LENGTH, GROWN);
                long unmapped = do_munmap(moved, GROWN);
                long stray = do_munmap_stray_bp(moved, 0x1000); /* nothing there any more: succeeds */
                fprintf(report, "brk %#lx %#lx %#lx %#lx\nmmap %#lx\nmremap %#lx\nmunmap %ld %ld\n",
                        now, grown, same, refused, mapped, moved, unmapped, stray);
                return unmapped | stray; /* a call after the last one: no tail call */
            }

            int main(int argc, char **argv)
            {
                if (argc < 2)
                    return 2;
                FILE *report = fopen(argv[1], "w");
                if (!report)
                    return 1;
                fprintf(report, "do_brk %p\ndo_mmap %p\ndo_mremap %p\ndo_munmap %p\ndo_munmap_stray_bp %p\nmake_calls %p\n",
                        (void *)do_brk, (void *)do_mmap, (void *)do_mremap, (void *)do_munmap, (void *)do_munmap_stray_bp,
                        (void *)make_calls);
                fflush(report);
                long r = make_calls(report);
                fclose(report);
                return r == 0 ? 0 : 1;
            }
            """#
}
