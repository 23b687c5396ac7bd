// deepstorm [-o FILE] [-w] [-l] PAIRS: storm's loop (mmap 64 KiB anonymous read-write, write one
// byte, munmap), made 40 calls deep in functions that keep frame pointers and with the `syscall`
// instruction in the loop's own function, so the kernel's frame-pointer walk of every call goes
// the whole way (VMSCOPE_STACK_MAX frames, truncated): the costliest user stack vmscope captures.
// Build with -fno-omit-frame-pointer (measure.py does). Reports as storm does.
#include "common.h"

#define LEN (64u * 1024u)
#define DEPTH 40

static inline __attribute__((always_inline)) long call6(long nr, long a, long b, long c, long d, long e, long f) {
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    register long r9 __asm__("r9") = f;
    long ret;
    // Taking the frame address forces a frame in this function even where gcc would leave it out.
    __asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9),
                     "r"(__builtin_frame_address(0)) : "rcx", "r11", "memory");
    return ret;
}

static __attribute__((noinline)) int loop(unsigned long long pairs) {
    for (unsigned long long i = 0; pairs == 0 || i < pairs; i++) {
        long p = call6(9, 0, LEN, 3 /* rw */, 0x22 /* private anonymous */, -1, 0);
        if (p < 0 && p > -4096) { fprintf(stderr, "mmap: %ld\n", -p); return 1; }
        *(volatile char *)p = 1;
        if (call6(11, p, LEN, 0, 0, 0, 0) != 0) { fprintf(stderr, "munmap failed\n"); return 1; }
    }
    return 0;
}

static __attribute__((noinline)) int descend(int depth, unsigned long long pairs) {
    int r = depth == 0 ? loop(pairs) : descend(depth - 1, pairs);
    __asm__ volatile("" ::: "memory"); // no tail call: every level keeps its frame
    return r + (depth & 0);
}

int main(int argc, char **argv) {
    struct options o = parse_options(argc, argv, "deepstorm [-o FILE] [-w] [-l] PAIRS");
    unsigned long long pairs = strtoull(o.arg, NULL, 10);
    gate(&o);
    uint64_t began = now_ns(), cpu_began = cpu_ns();
    if (descend(DEPTH, pairs) != 0) return 1;
    uint64_t ns = now_ns() - began, cpu = cpu_ns() - cpu_began;
    finish(&o, "pairs %llu ns %llu ns_per_pair %.1f cpu_ns_per_pair %.1f", pairs, (unsigned long long)ns,
           (double)ns / (double)pairs, (double)cpu / (double)pairs);
    return 0;
}
