// A program with known function names for the stack symbolization tests (VMScopeProbeTests
// Symbols, IntegrationTests Stacks). The tests compile it with gcc themselves: PIE and non-PIE,
// with and without frame pointers, stripped, linked against stack_names_lib.c as a shared
// library. Not part of any SwiftPM target.
//
//   stack_names print  each function's address ("name 0xADDR" per line; lib_map_pages' as the
//                      library sees it, since a library function's address taken in a
//                      non-PIE program is its PLT stub), "ready", then waits for stdin to close
//   stack_names run    brk and mmap from named functions by inline `syscall` (the call site,
//                      frame 0, is in the function itself), then the same through glibc
//                      (sbrk, malloc of 4 MiB: an mmap), then mmap from the shared library, then
//                      glibc's mmap wrapper directly (6 MiB, via_wrapper from wrapper_caller)
//
// Every named function is noinline and does something after its call so the compiler neither
// inlines it nor turns the call into a jump: each keeps its own frame.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#define NAMED __attribute__((noinline, noclone, used))

void *lib_map_pages(unsigned long length);
void *lib_where(void);

static inline __attribute__((always_inline)) long raw_syscall6(long n, long a, long b, long c, long d, long e, long f) {
    long ret;
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    register long r9 __asm__("r9") = f;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return ret;
}

volatile long sink;

// Called after each call by hand: a function that calls nothing gets no frame of its own from
// this gcc (Debian 12) even with -fno-omit-frame-pointer, and the walk from it then skips its
// caller (%rbp still holds the caller's frame, whose return address is the caller's caller's).
NAMED void keep(long value) {
    sink = value;
}

// brk by hand: the current break, then one MiB more.
NAMED long grow_table(long extra) {
    long current = raw_syscall6(SYS_brk, 0, 0, 0, 0, 0, 0);
    long grown = raw_syscall6(SYS_brk, current + extra, 0, 0, 0, 0, 0);
    keep(grown);
    return grown;
}

// mmap by hand: anonymous, private, read-write.
NAMED long map_buffer(unsigned long length) {
    long address = raw_syscall6(SYS_mmap, 0, (long)length, 3 /* PROT_READ|PROT_WRITE */,
                                0x22 /* MAP_PRIVATE|MAP_ANONYMOUS */, -1, 0);
    keep(address);
    return address;
}

NAMED long build_index(void) {
    long r = grow_table(1 << 20);
    sink = r;
    return r + 1;
}

NAMED long load_cache(void) {
    long r = map_buffer(3 << 20);
    sink = r;
    return r + 1;
}

// The same through glibc: sbrk calls brk, a 4 MiB malloc is over the mmap threshold.
NAMED long glibc_grow(void) {
    void *p = sbrk(2 << 20);
    sink = (long)p;
    return (long)p + 1;
}

NAMED long glibc_map(void) {
    char *p = malloc(4 << 20);
    if (p) p[0] = 1;
    sink = (long)p;
    return (long)p + 1;
}

// glibc's mmap wrapper called directly: a leaf built without frame pointers, which leaves %rbp
// to this function, so the frame-pointer walk alone skips this function and names its caller.
NAMED long via_wrapper(void) {
    void *p = mmap(NULL, 6 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    sink = (long)p;
    return (long)p + 1;
}

NAMED long wrapper_caller(void) {
    long r = via_wrapper();
    sink = r;
    return r + 1;
}

NAMED long library_map(void) {
    long r = (long)lib_map_pages(5 << 20);
    sink = r;
    return r + 1;
}

static void print_address(const char *name, const void *address) {
    printf("%s %p\n", name, address);
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "print") == 0) {
        print_address("grow_table", (const void *)grow_table);
        print_address("map_buffer", (const void *)map_buffer);
        print_address("build_index", (const void *)build_index);
        print_address("load_cache", (const void *)load_cache);
        print_address("glibc_map", (const void *)glibc_map);
        print_address("main", (const void *)main);
        print_address("lib_map_pages", lib_where());
        printf("ready\n");
        fflush(stdout);
        char buffer[64];
        while (fread(buffer, 1, sizeof buffer, stdin) > 0) {}
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "run") == 0) {
        long total = build_index() + load_cache() + glibc_grow() + glibc_map() + library_map() + wrapper_caller();
        sink = total;
        return 0;
    }
    fprintf(stderr, "usage: stack_names print|run\n");
    return 2;
}
