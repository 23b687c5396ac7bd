// storm [-o FILE] [-w] [-l] PAIRS: PAIRS times mmap 64 KiB anonymous read-write, write ONE byte,
// munmap. Reports "pairs N ns E ns_per_pair X cpu_ns_per_pair C" (the loop alone: wall time, and
// the process's CPU time).
// PAIRS 0: run until killed (reports nothing): a storm to press keys under.
#include "common.h"
#include <sys/mman.h>

#define LEN (64u * 1024u)

int main(int argc, char **argv) {
    struct options o = parse_options(argc, argv, "storm [-o FILE] [-w] [-l] PAIRS");
    unsigned long long pairs = strtoull(o.arg, NULL, 10);
    gate(&o);
    uint64_t began = now_ns(), cpu_began = cpu_ns();
    for (unsigned long long i = 0; pairs == 0 || i < pairs; i++) {
        char *p = mmap(NULL, LEN, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) { perror("mmap"); return 1; }
        *(volatile char *)p = 1;
        if (munmap(p, LEN) != 0) { perror("munmap"); return 1; }
    }
    uint64_t ns = now_ns() - began, cpu = cpu_ns() - cpu_began;
    finish(&o, "pairs %llu ns %llu ns_per_pair %.1f cpu_ns_per_pair %.1f", pairs, (unsigned long long)ns,
           (double)ns / (double)pairs, (double)cpu / (double)pairs);
    return 0;
}
