// maps [-o FILE] COUNT: COUNT separate one-page anonymous mappings (an unmapped page between
// neighbours, so none merge; every 64th written), then reports "ready PID COUNT" and sleeps
// until killed. COUNT must fit under vm.max_map_count with the process's own few dozen.
#include "common.h"
#include <errno.h>
#include <sys/mman.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

int main(int argc, char **argv) {
    struct options o = parse_options(argc, argv, "maps [-o FILE] COUNT");
    unsigned long long count = strtoull(o.arg, NULL, 10);
    size_t page = (size_t)sysconf(_SC_PAGESIZE), span = (size_t)count * 2 * page;
    char *base = mmap(NULL, span, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (base == MAP_FAILED || munmap(base, span) != 0) { perror("mmap"); return 71; }
    for (unsigned long long i = 0; i < count; i++) {
        char *want = base + i * 2 * page;
        char *p = mmap(want, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
        if (p != want) {
            fprintf(stderr, "maps: mapping %llu of %llu failed: %s (see vm.max_map_count)\n", i + 1, count,
                    p == MAP_FAILED ? strerror(errno) : "placed elsewhere");
            return 71;
        }
        if ((i & 63) == 0) *p = 1;
    }
    o.linger = 1;
    finish(&o, "ready %d %llu", getpid(), count);
    return 0;
}
