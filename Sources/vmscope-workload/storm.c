// `vmscope-workload storm PAIRS`: PAIRS times, as fast as possible: mmap 64 KiB anonymous
// read-write, write one byte in each of its pages, munmap it. A flood of mmap/munmap records and
// page faults for testing that nothing is lost or left unexplained under load. At the end one
// JSON line on stdout: {"mode":"storm","pid":P,"pairs":N,"pages_touched":T,"ns":E,"ns_per_pair":X}.
// Exits 0, or 1 when a call failed (the line then says which).
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "wl_io.h"

#define STORM_LEN (64UL * 1024UL)

int storm_main(int argc, char **argv) {
    int ok = 0;
    unsigned long long pairs = argc == 2 ? wl_number(argv[1], &ok) : 0;
    if (!ok) {
        wl_line(2, "usage: vmscope-workload storm PAIRS");
        return 64;
    }
    long page = sysconf(_SC_PAGESIZE);
    unsigned long long touched = 0, done = 0;
    uint64_t began = wl_now_ns();
    for (; done < pairs; done++) {
        char *p = mmap(NULL, STORM_LEN, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) {
            wl_line(1, "{\"mode\":\"storm\",\"pid\":%d,\"pairs\":%llu,\"error\":\"mmap\",\"errno\":%d}", getpid(), done, errno);
            return 1;
        }
        for (unsigned long off = 0; off < STORM_LEN; off += (unsigned long)page, touched++) ((volatile char *)p)[off] = 1;
        if (munmap(p, STORM_LEN) != 0) {
            wl_line(1, "{\"mode\":\"storm\",\"pid\":%d,\"pairs\":%llu,\"error\":\"munmap\",\"errno\":%d}", getpid(), done, errno);
            return 1;
        }
    }
    uint64_t elapsed = wl_now_ns() - began;
    wl_line(1, "{\"mode\":\"storm\",\"pid\":%d,\"pairs\":%llu,\"pages_touched\":%llu,\"ns\":%llu,\"ns_per_pair\":%llu}",
            getpid(), done, touched, (unsigned long long)elapsed,
            (unsigned long long)(pairs ? elapsed / pairs : 0));
    return 0;
}
