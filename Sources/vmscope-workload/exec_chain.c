// `vmscope-workload exec-chain N`: each image maps 8 KiB anonymous, writes both pages and unmaps
// them, then execs itself (/proc/self/exe exec-chain N-1) until N is 0, which exits 0: N execs
// after the first image, each of them a whole new address space for a tracer to follow. The last
// image prints {"mode":"exec-chain","pid":P,"done":true} on stdout. Exits 1 when a call failed.
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "wl_io.h"

int exec_chain_main(int argc, char **argv) {
    int ok = 0;
    unsigned long long n = argc == 2 ? wl_number(argv[1], &ok) : 0;
    if (!ok) {
        wl_line(2, "usage: vmscope-workload exec-chain N");
        return 64;
    }
    char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        wl_line(2, "vmscope-workload exec-chain %llu: mmap: %s", n, strerror(errno));
        return 1;
    }
    p[0] = 1;
    p[4096] = 1;
    if (munmap(p, 8192) != 0) {
        wl_line(2, "vmscope-workload exec-chain %llu: munmap: %s", n, strerror(errno));
        return 1;
    }
    if (n == 0) {
        wl_line(1, "{\"mode\":\"exec-chain\",\"pid\":%d,\"done\":true}", getpid());
        return 0;
    }
    char next[32];
    snprintf(next, sizeof next, "%llu", n - 1);
    char *args[] = { "vmscope-workload", "exec-chain", next, NULL };
    execv("/proc/self/exe", args);
    wl_line(2, "vmscope-workload exec-chain %llu: exec /proc/self/exe: %s", n, strerror(errno));
    return 1;
}
