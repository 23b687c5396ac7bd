// The 32-bit (ia32) side of the workload. Built by SwiftPM for x86-64, and by the compat tests
// with `gcc -m32` from these same sources:
//
//   vmscope-workload compat-calls REPORT_FILE
//       32-bit build: the i386 calls x86-64 has no twin of, made raw: the old one-argument mmap
//       (its arguments in a struct), mmap2 (offset in pages) of a file, shmat/shmdt by their
//       own numbers and through the ipc(2) multiplexer.
//       64-bit build: i386 calls from a 64-bit process with `int $0x80` (mmap2, mprotect,
//       munmap): the kernel decides per call, so these are i386 calls too, placed below 4 GiB.
//   vmscope-workload exhaust REPORT_FILE
//       malloc 64 MiB blocks until malloc fails (in a 32-bit process the mappings fill the space
//       down to the heap, then below the executable; brk is refused by a mapping in the way);
//       then frees two blocks that are not neighbours and asks for 100 MiB, which fails with
//       more than that free: fragmentation.
//
// Each operation is reported as a JSON line with the addresses the kernel chose.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "wl_io.h"

int compat_calls_main(int argc, char **argv);
int exhaust_main(int argc, char **argv);

static int compat_fd = -1;
#define say(...) wl_line(compat_fd, __VA_ARGS__)

static int open_report(int argc, char **argv, const char *usage) {
    if (argc < 2) {
        wl_line(2, "usage: vmscope-workload %s REPORT_FILE", usage);
        return 0;
    }
    compat_fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (compat_fd < 0) {
        wl_line(2, "vmscope-workload: cannot write %s: %s", argv[1], strerror(errno));
        return 0;
    }
    return 1;
}

#if defined(__i386__)
#define IPC_SHMAT 21
#define IPC_SHMDT 22

// The old mmap's argument block (arch/x86 mmap_arg_struct32).
struct old_mmap_args {
    unsigned long addr, len, prot, flags, fd, offset;
};

static void compat_only_calls(void) {
    long page = sysconf(_SC_PAGESIZE);
    struct old_mmap_args args = {0, (unsigned long)(3 * page), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                                 (unsigned long)-1, 0};
    long p = syscall(90, &args);
    say("{\"op\":\"old_mmap\",\"addr\":%lu,\"len\":%lu,\"prot\":%d,\"flags\":%d,\"errno\":%d}", (unsigned long)p,
        args.len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, p < 0 && p > -4096 ? errno : 0);
    long r = syscall(SYS_munmap, p, args.len);
    say("{\"op\":\"munmap\",\"addr\":%lu,\"len\":%lu,\"errno\":%d}", (unsigned long)p, args.len, r < 0 ? errno : 0);

    // mmap2 of the second and third pages of a file: offset 1 (page).
    char path[] = "/tmp/vmscope-compat-XXXXXX";
    int fd = mkstemp(path);
    if (fd >= 0 && ftruncate(fd, 4 * page) == 0) {
        long q = syscall(SYS_mmap2, 0, 2 * page, PROT_READ, MAP_SHARED, fd, 1);
        say("{\"op\":\"mmap2\",\"addr\":%lu,\"len\":%ld,\"prot\":%d,\"flags\":%d,\"fd\":%d,\"offset\":%ld,\"path\":\"%s\",\"errno\":%d}",
            (unsigned long)q, 2 * page, PROT_READ, MAP_SHARED, fd, page, path, q < 0 && q > -4096 ? errno : 0);
        r = syscall(SYS_munmap, q, 2 * page);
        say("{\"op\":\"munmap\",\"addr\":%lu,\"len\":%ld,\"errno\":%d}", (unsigned long)q, 2 * page, r < 0 ? errno : 0);
        close(fd);
        unlink(path);
    }

    int id = shmget(IPC_PRIVATE, (size_t)(2 * page), IPC_CREAT | 0600);
    if (id < 0) return;
    // shmat(397) and shmdt(398), the direct calls i386 has had since Linux 5.1.
    long at = syscall(397, id, 0, 0);
    say("{\"op\":\"shmat\",\"via\":\"direct\",\"addr\":%lu,\"len\":%ld,\"shmid\":%d,\"errno\":%d}", (unsigned long)at,
        2 * page, id, at < 0 && at > -4096 ? errno : 0);
    r = syscall(398, at);
    say("{\"op\":\"shmdt\",\"via\":\"direct\",\"addr\":%lu,\"len\":%ld,\"errno\":%d}", (unsigned long)at, 2 * page,
        r < 0 ? errno : 0);
    // The same through ipc(2): the address is written to *third, the call returns 0.
    unsigned long attached = 0;
    r = syscall(SYS_ipc, IPC_SHMAT, id, SHM_RDONLY, &attached, (void *)0, 0);
    say("{\"op\":\"shmat\",\"via\":\"ipc\",\"addr\":%lu,\"len\":%ld,\"shmid\":%d,\"read_only\":true,\"errno\":%d}",
        attached, 2 * page, id, r < 0 ? errno : 0);
    r = syscall(SYS_ipc, IPC_SHMDT, 0, 0, 0, (void *)attached, 0);
    say("{\"op\":\"shmdt\",\"via\":\"ipc\",\"addr\":%lu,\"len\":%ld,\"errno\":%d}", attached, 2 * page, r < 0 ? errno : 0);
    shmctl(id, IPC_RMID, NULL);
}
#elif defined(__x86_64__)
// An i386 system call from this 64-bit process: number in eax, arguments in ebx, ecx, edx,
// esi, edi, ebp; the result in eax.
static long int80(long nr, long a, long b, long c, long d, long e, long f) {
    long ret;
    __asm__ volatile("push %%rbp\n\t"
                     "mov %[f], %%rbp\n\t"
                     "int $0x80\n\t"
                     "pop %%rbp"
                     : "=a"(ret)
                     : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e), [f] "r"(f)
                     : "memory", "r8", "r9", "r10", "r11");
    return (long)(int)ret; // the i386 ABI returns 32 bits
}

static void compat_only_calls(void) {
    long page = sysconf(_SC_PAGESIZE);
    long p = int80(192, 0, 4 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0); // mmap2
    unsigned long addr = (unsigned long)(unsigned int)p;
    say("{\"op\":\"int80_mmap2\",\"addr\":%lu,\"len\":%ld,\"prot\":%d,\"flags\":%d,\"errno\":%d}", addr, 4 * page,
        PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, p < 0 && p > -4096 ? (int)-p : 0);
    long r = int80(125, (long)addr, page, PROT_READ, 0, 0, 0); // mprotect
    say("{\"op\":\"int80_mprotect\",\"addr\":%lu,\"len\":%ld,\"prot\":%d,\"errno\":%d}", addr, page, PROT_READ,
        r < 0 ? (int)-r : 0);
    r = int80(91, (long)addr, 4 * page, 0, 0, 0, 0); // munmap
    say("{\"op\":\"int80_munmap\",\"addr\":%lu,\"len\":%ld,\"errno\":%d}", addr, 4 * page, r < 0 ? (int)-r : 0);
}
#else
static void compat_only_calls(void) {}
#endif

int compat_calls_main(int argc, char **argv) {
    if (!open_report(argc, argv, "compat-calls")) return 64;
    say("{\"op\":\"start\",\"pid\":%d,\"bits\":%d}", getpid(), (int)(sizeof(void *) * 8));
    compat_only_calls();
    say("{\"op\":\"end\"}");
    return 0;
}

#define BLOCK (64UL << 20)
#define MAX_BLOCKS 4096

int exhaust_main(int argc, char **argv) {
    if (!open_report(argc, argv, "exhaust")) return 64;
    static char *blocks[MAX_BLOCKS];
    int count = 0;
    say("{\"op\":\"start\",\"pid\":%d,\"bits\":%d,\"break\":%lu,\"main\":%lu}", getpid(), (int)(sizeof(void *) * 8),
        (unsigned long)sbrk(0), (unsigned long)(uintptr_t)&exhaust_main);
    while (count < MAX_BLOCKS) {
        char *p = malloc(BLOCK);
        if (!p) break;
        blocks[count++] = p;
        // malloc's own mapping of a block this big starts at the page the block is in.
        say("{\"op\":\"block\",\"addr\":%lu,\"map\":%lu}", (unsigned long)(uintptr_t)p,
            (unsigned long)((uintptr_t)p & ~(uintptr_t)4095));
    }
    say("{\"op\":\"exhausted\",\"blocks\":%d,\"mib\":%lu,\"break\":%lu}", count, (unsigned long)count * (BLOCK >> 20),
        (unsigned long)sbrk(0));
    // Two blocks that are not neighbours in memory (every mapping lies below the previous
    // one, so blocks i and i + 2 have block i + 1 between them) are freed: 128 MiB free, in
    // two gaps of 64 MiB. 100 MiB then has nowhere to go.
    if (count >= 8) {
        int first = count / 2, second = count / 2 + 2;
        say("{\"op\":\"free\",\"addr\":%lu}", (unsigned long)(uintptr_t)blocks[first]);
        free(blocks[first]);
        say("{\"op\":\"free\",\"addr\":%lu}", (unsigned long)(uintptr_t)blocks[second]);
        free(blocks[second]);
        char *big = malloc(100UL << 20);
        say("{\"op\":\"fragmented\",\"asked_mib\":100,\"result\":%lu}", (unsigned long)(uintptr_t)big);
    }
    usleep(300 * 1000);
    say("{\"op\":\"end\"}");
    return 0;
}
