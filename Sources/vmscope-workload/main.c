// vmscope-workload: performs a fixed, known sequence of memory operations and reports each one
// (with the addresses the kernel chose) as a JSON line, so the integration tests can check that
// `vmscope trace` saw every operation at the right address with the right length.
//
// Usage: vmscope-workload REPORT_FILE [SCRATCH_DIR]
//        vmscope-workload --loop KIB   (maps, touches and unmaps KIB KiB every 200 ms until killed:
//                                        a process whose events carry a recognisable size)
//        vmscope-workload random SEED COUNT [PAUSE_EVERY]   (random.c)
//        vmscope-workload storm PAIRS                       (storm.c)
//        vmscope-workload exec-chain N                      (exec_chain.c)
//        vmscope-workload maps COUNT                        (maps.c)
//        vmscope-workload attach-later REPORT_FILE [now]    (attach_later.c)
//        vmscope-workload compat-calls REPORT_FILE          (compat.c: i386 calls)
//        vmscope-workload exhaust REPORT_FILE               (compat.c: malloc until it fails)
//        vmscope-workload hostile SCRATCH_DIR READY_FILE|-  (hostile.c: hostile names everywhere)
// Written in C so that nothing but these operations (no language runtime) touches memory between
// them, and because mremap is variadic, which Swift cannot call.
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "wl_io.h"

int run_calls(int argc, char **argv); // calls.c: `vmscope-workload calls REPORT_FILE`

#define KiB (1024UL)
#define MiB (1024UL * 1024UL)

static int report_fd = -1;
static long page_size;

// One line, built on the stack and written with write(2): no malloc in between (wl_io.h).
#define report(...) wl_line(report_fd, __VA_ARGS__)

static void die(const char *what) {
    report("{\"op\":\"error\",\"what\":\"%s\",\"errno\":%d}", what, errno);
    _exit(2);
}

// Writes one byte in every page so each page takes exactly one (write) fault.
static unsigned long touch(void *start, size_t length) {
    unsigned long pages = 0;
    for (size_t off = 0; off < length; off += (size_t)page_size, pages++)
        ((volatile char *)start)[off] = 1;
    return pages;
}

static void *map_anon(size_t length, int prot) {
    void *p = mmap(NULL, length, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) die("mmap anon");
    // Huge pages would turn 512 faults into one; the test counts faults per 4 KiB page.
    madvise(p, length, MADV_NOHUGEPAGE);
    report("{\"op\":\"mmap\",\"addr\":%lu,\"len\":%zu,\"prot\":%d,\"flags\":%d,\"fd\":-1}",
           (unsigned long)p, length, prot, MAP_PRIVATE | MAP_ANONYMOUS);
    return p;
}

// Forever: map `kib` KiB, touch every page, unmap, sleep 200 ms. Two of these with different
// sizes let an end-to-end test tell whose events the screen shows.
static int loop_forever(const char *kib_text) {
    char *end = NULL;
    unsigned long kib = strtoul(kib_text, &end, 10);
    if (end == kib_text || *end != '\0' || kib == 0 || kib > 1024 * 1024) {
        fprintf(stderr, "vmscope-workload: --loop needs a size in KiB (1 to 1048576), not %s\n", kib_text);
        return 64;
    }
    long page = sysconf(_SC_PAGESIZE);
    for (;;) {
        char *p = mmap(NULL, kib * KiB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) return 71;
        for (unsigned long offset = 0; offset < kib * KiB; offset += (unsigned long)page) p[offset] = 1;
        munmap(p, kib * KiB);
        usleep(200 * 1000);
    }
}

// Modes in their own files; each takes argv from the mode's name on.
int random_main(int argc, char **argv);
int storm_main(int argc, char **argv);
int exec_chain_main(int argc, char **argv);
int maps_main(int argc, char **argv);
int attach_later_main(int argc, char **argv);
int compat_calls_main(int argc, char **argv);
int exhaust_main(int argc, char **argv);
int hostile_main(int argc, char **argv); // hostile.c

int main(int argc, char **argv) {
    if (argc == 3 && strcmp(argv[1], "--loop") == 0) return loop_forever(argv[2]);
    if (argc >= 2 && strcmp(argv[1], "random") == 0) return random_main(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "storm") == 0) return storm_main(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "exec-chain") == 0) return exec_chain_main(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "maps") == 0) return maps_main(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "calls") == 0) return run_calls(argc, argv);
    if (argc >= 2 && strcmp(argv[1], "attach-later") == 0) return attach_later_main(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "compat-calls") == 0) return compat_calls_main(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "exhaust") == 0) return exhaust_main(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "hostile") == 0) return hostile_main(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "hostile-stage2") == 0) return hostile_main(argc, argv);
    if (argc < 2) {
        fprintf(stderr, "usage: vmscope-workload REPORT_FILE [SCRATCH_DIR]\n");
        return 64;
    }
    page_size = sysconf(_SC_PAGESIZE);
    report_fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (report_fd < 0) {
        fprintf(stderr, "vmscope-workload: cannot write %s: %s\n", argv[1], strerror(errno));
        return 66;
    }
    const char *scratch = argc > 2 ? argv[2] : "/tmp";
    report("{\"op\":\"start\",\"pid\":%d,\"page\":%ld}", getpid(), page_size);

    // 1. brk: grow by 256 KiB, touch it, shrink by 128 KiB.
    uintptr_t brk0 = (uintptr_t)sbrk(0);
    if (sbrk(256 * KiB) == (void *)-1) die("sbrk grow");
    uintptr_t brk1 = (uintptr_t)sbrk(0);
    report("{\"op\":\"brk\",\"old\":%lu,\"new\":%lu}", (unsigned long)brk0, (unsigned long)brk1);
    unsigned long heap_pages = touch((void *)brk0, brk1 - brk0);
    report("{\"op\":\"touch\",\"addr\":%lu,\"len\":%lu,\"pages\":%lu}", (unsigned long)brk0,
           (unsigned long)(brk1 - brk0), heap_pages);
    if (sbrk(-(intptr_t)(128 * KiB)) == (void *)-1) die("sbrk shrink");
    uintptr_t brk2 = (uintptr_t)sbrk(0);
    report("{\"op\":\"brk\",\"old\":%lu,\"new\":%lu}", (unsigned long)brk1, (unsigned long)brk2);

    // 2. Anonymous mmap of 1 MiB, every page touched once.
    size_t anon_len = 1 * MiB;
    char *anon = map_anon(anon_len, PROT_READ | PROT_WRITE);
    unsigned long anon_pages = touch(anon, anon_len);
    report("{\"op\":\"touch\",\"addr\":%lu,\"len\":%zu,\"pages\":%lu}", (unsigned long)anon, anon_len, anon_pages);

    // 3. mprotect the middle 256 KiB of it read-only.
    if (mprotect(anon + 256 * KiB, 256 * KiB, PROT_READ) != 0) die("mprotect");
    report("{\"op\":\"mprotect\",\"addr\":%lu,\"len\":%lu,\"prot\":%d}", (unsigned long)(anon + 256 * KiB),
           256 * KiB, PROT_READ);

    // 4. A file mapping of a 64 KiB file, read page by page.
    char path[4096];
    snprintf(path, sizeof path, "%s/vmscope-workload-%d.dat", scratch, getpid());
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) die("open scratch file");
    size_t file_len = 64 * KiB;
    if (ftruncate(fd, (off_t)file_len) != 0) die("ftruncate");
    char *file = mmap(NULL, file_len, PROT_READ, MAP_SHARED, fd, 0);
    if (file == MAP_FAILED) die("mmap file");
    report("{\"op\":\"mmap\",\"addr\":%lu,\"len\":%zu,\"prot\":%d,\"flags\":%d,\"fd\":%d,\"path\":\"%s\"}",
           (unsigned long)file, file_len, PROT_READ, MAP_SHARED, fd, path);
    close(fd);
    volatile char sink = 0;
    for (size_t off = 0; off < file_len; off += (size_t)page_size) sink += file[off];
    (void)sink;

    // 5. mremap grown in place: map 128 KiB, give back the upper half, grow into it again.
    char *grow = map_anon(128 * KiB, PROT_READ | PROT_WRITE);
    if (munmap(grow + 64 * KiB, 64 * KiB) != 0) die("munmap upper half");
    report("{\"op\":\"munmap\",\"addr\":%lu,\"len\":%lu}", (unsigned long)(grow + 64 * KiB), 64 * KiB);
    char *grown = mremap(grow, 64 * KiB, 128 * KiB, 0);
    if (grown == MAP_FAILED) die("mremap in place");
    report("{\"op\":\"mremap\",\"old\":%lu,\"oldLen\":%lu,\"new\":%lu,\"newLen\":%lu}", (unsigned long)grow,
           64 * KiB, (unsigned long)grown, 128 * KiB);

    // 6. mremap that must move: `blocker` sits right above `mover` (top-down placement puts the
    //    later mapping directly below), so growing `mover` in place is impossible.
    char *blocker = map_anon(64 * KiB, PROT_READ | PROT_WRITE);
    char *mover = map_anon(64 * KiB, PROT_READ | PROT_WRITE);
    touch(mover, 64 * KiB);
    char *moved = mremap(mover, 64 * KiB, 2 * MiB, MREMAP_MAYMOVE);
    if (moved == MAP_FAILED) die("mremap move");
    report("{\"op\":\"mremap\",\"old\":%lu,\"oldLen\":%lu,\"new\":%lu,\"newLen\":%lu}", (unsigned long)mover,
           64 * KiB, (unsigned long)moved, 2 * MiB);

    // 7. A call that fails: munmap of an unaligned address is EINVAL and changes nothing.
    if (munmap(anon + 1, page_size) == 0) die("unaligned munmap succeeded");
    report("{\"op\":\"failed\",\"syscall\":\"munmap\",\"addr\":%lu,\"len\":%ld,\"errno\":%d}",
           (unsigned long)(anon + 1), page_size, errno);

    // 8. Unmap everything mapped above.
    struct { void *addr; size_t len; } maps[] = {
        {anon, anon_len}, {file, file_len}, {grown, 128 * KiB}, {blocker, 64 * KiB}, {moved, 2 * MiB},
    };
    for (size_t i = 0; i < sizeof maps / sizeof maps[0]; i++) {
        if (munmap(maps[i].addr, maps[i].len) != 0) die("munmap");
        report("{\"op\":\"munmap\",\"addr\":%lu,\"len\":%zu}", (unsigned long)maps[i].addr, maps[i].len);
    }
    unlink(path);

    // Linger so a final /proc snapshot can be taken before exit.
    usleep(300 * 1000);
    report("{\"op\":\"end\"}");
    return 0;
}
