// `vmscope-workload maps COUNT`: creates COUNT separate one-page mappings that cannot merge
// (each is its own mmap with an unmapped page between neighbours, protections alternating
// read-write / read-only), prints `ready PID COUNT` on stdout, then sleeps until killed. A
// process with tens of thousands of regions, for measuring what vmscope costs on one.
//
// The kernel refuses more than vm.max_map_count mappings per process (65530 by default, and the
// process already has a few dozen): when COUNT does not fit, it says so on stderr with the limit
// and exits 75 before mapping anything.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "wl_io.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

// Mappings this process has now: lines of /proc/self/maps, counted with read(2).
static unsigned long current_mappings(void) {
    int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    char buf[4096];
    unsigned long lines = 0;
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0)
        for (ssize_t i = 0; i < n; i++) lines += buf[i] == '\n';
    close(fd);
    return lines;
}

static unsigned long max_map_count(void) {
    int fd = open("/proc/sys/vm/max_map_count", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    char buf[32];
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) return 0;
    buf[n] = '\0';
    unsigned long value = 0;
    for (char *p = buf; *p >= '0' && *p <= '9'; p++) value = value * 10 + (unsigned long)(*p - '0');
    return value;
}

int maps_main(int argc, char **argv) {
    int ok = 0;
    unsigned long long count = argc == 2 ? wl_number(argv[1], &ok) : 0;
    if (!ok || count == 0) {
        wl_line(2, "usage: vmscope-workload maps COUNT   (COUNT >= 1)");
        return 64;
    }
    unsigned long limit = max_map_count(), have = current_mappings();
    // Headroom for what the mappings below do not cover (a stack guard, the vdso, ...).
    if (limit && count + have + 16 > limit) {
        wl_line(2, "vmscope-workload maps: %llu mappings do not fit: vm.max_map_count is %lu and the process "
                   "already has %lu (raise it: sysctl -w vm.max_map_count=%llu)",
                count, limit, have, count + have + 1024);
        return 75;
    }
    const size_t page = (size_t)sysconf(_SC_PAGESIZE);
    // Find room for 2*COUNT pages, then give it back and map every other page of it.
    size_t span = (size_t)count * 2 * page;
    char *base = mmap(NULL, span, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (base == MAP_FAILED || munmap(base, span) != 0) {
        wl_line(2, "vmscope-workload maps: cannot find room for %llu mappings: %s", count, strerror(errno));
        return 71;
    }
    for (unsigned long long i = 0; i < count; i++) {
        int prot = (i & 1) ? PROT_READ : PROT_READ | PROT_WRITE;
        char *want = base + i * 2 * page;
        char *p = mmap(want, page, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
        if (p != want) {
            wl_line(2, "vmscope-workload maps: mapping %llu of %llu failed: %s (vm.max_map_count %lu)",
                    i + 1, count, p == MAP_FAILED ? strerror(errno) : "placed elsewhere", limit);
            return 71;
        }
        // Touch one in 64, so some have resident pages (and the faults are not all at once).
        if ((i & 63) == 0 && (prot & PROT_WRITE)) *p = 1;
    }
    wl_line(1, "ready %d %llu", getpid(), count);
    for (;;) pause();
}
