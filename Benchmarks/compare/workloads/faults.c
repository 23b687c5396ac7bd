// faults [-o FILE] [-w] [-l] MIB: map MIB MiB anonymous, MADV_NOHUGEPAGE, write one byte in every
// page (one user page fault each), unmap. Reports "pages N ns E ns_per_fault X cpu_ns_per_fault C"
// (the touching loop alone: wall time, and the process's CPU time).
#include "common.h"
#include <sys/mman.h>

int main(int argc, char **argv) {
    struct options o = parse_options(argc, argv, "faults [-o FILE] [-w] [-l] MIB");
    size_t len = (size_t)strtoull(o.arg, NULL, 10) << 20;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    gate(&o);
    char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) { perror("mmap"); return 1; }
    if (madvise(p, len, MADV_NOHUGEPAGE) != 0) { perror("madvise"); return 1; }
    uint64_t began = now_ns(), cpu_began = cpu_ns();
    for (size_t off = 0; off < len; off += page) ((volatile char *)p)[off] = 1;
    uint64_t ns = now_ns() - began, cpu = cpu_ns() - cpu_began;
    munmap(p, len);
    size_t pages = len / page;
    finish(&o, "pages %zu ns %llu ns_per_fault %.1f cpu_ns_per_fault %.1f", pages, (unsigned long long)ns,
           (double)ns / (double)pages, (double)cpu / (double)pages);
    return 0;
}
