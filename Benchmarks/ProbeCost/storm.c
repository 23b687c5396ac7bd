// The storms Benchmarks/README.md measures the eBPF programs on (bpf_stats). One process, no
// libc work between the calls. Prints one line when done, then sleeps `linger` seconds so the
// programs' statistics can be read while vmscope still has them loaded.
//
//   storm anon  PAIRS [linger]   mmap 64 KiB anonymous rw, write ONE byte, munmap
//   storm file  PAIRS [linger]   mmap 64 KiB of a file (shared, read), read one byte, munmap
//   storm fault MIB   [linger]   mmap MIB MiB anonymous (no huge pages), write every page, munmap
//   storm sleep SECONDS          just sleep (the "watched but idle" process)
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static unsigned long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (unsigned long long)t.tv_sec * 1000000000ull + (unsigned long long)t.tv_nsec;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: storm anon|file|fault|sleep N [linger]\n");
        return 64;
    }
    const char *mode = argv[1];
    unsigned long n = strtoul(argv[2], NULL, 10);
    unsigned linger = argc > 3 ? (unsigned)atoi(argv[3]) : 0;
    const size_t len = 64 << 10;
    unsigned long long began = now_ns();
    volatile char sink = 0;
    if (strcmp(mode, "anon") == 0) {
        for (unsigned long i = 0; i < n; i++) {
            char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            if (p == MAP_FAILED) return 1;
            p[0] = 1;
            if (munmap(p, len) != 0) return 1;
        }
    } else if (strcmp(mode, "file") == 0) {
        char path[] = "/tmp/vmscope-storm-XXXXXX";
        int fd = mkstemp(path);
        if (fd < 0 || ftruncate(fd, (off_t)len) != 0) return 1;
        unlink(path);
        for (unsigned long i = 0; i < n; i++) {
            char *p = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
            if (p == MAP_FAILED) return 1;
            sink += p[0];
            if (munmap(p, len) != 0) return 1;
        }
    } else if (strcmp(mode, "fault") == 0) {
        size_t total = (size_t)n << 20;
        char *p = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) return 1;
        madvise(p, total, MADV_NOHUGEPAGE);
        for (size_t off = 0; off < total; off += 4096) p[off] = 1;
        munmap(p, total);
    } else if (strcmp(mode, "sleep") == 0) {
        sleep((unsigned)n);
        return 0;
    } else {
        return 64;
    }
    unsigned long long ns = now_ns() - began;
    printf("{\"mode\":\"%s\",\"n\":%lu,\"ns\":%llu,\"ns_per_iteration\":%llu}\n", mode, n, ns, n ? ns / n : 0);
    fflush(stdout);
    if (linger) sleep(linger);
    return 0;
}
