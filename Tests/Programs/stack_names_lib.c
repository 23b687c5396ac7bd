// The shared library of stack_names.c (libstacknames.so): a named function that maps memory
// by inline `syscall`, so a stack's frame 0 is in a library.
#include <sys/syscall.h>

volatile long lib_sink;

// Called after the call so lib_map_pages is not a leaf: this gcc gives a leaf no frame even
// with -fno-omit-frame-pointer, and the walk from it would skip its caller.
__attribute__((noinline, noclone, used)) void lib_keep(long value) {
    lib_sink = value;
}

__attribute__((noinline, noclone, used)) void *lib_map_pages(unsigned long length) {
    long ret;
    register long r10 __asm__("r10") = 0x22;  // MAP_PRIVATE|MAP_ANONYMOUS
    register long r8 __asm__("r8") = -1;
    register long r9 __asm__("r9") = 0;
    __asm__ volatile("syscall" : "=a"(ret) : "a"((long)SYS_mmap), "D"(0L), "S"((long)length), "d"(3L),
                     "r"(r10), "r"(r8), "r"(r9) : "rcx", "r11", "memory");
    lib_keep(ret);
    return (void *)ret;
}

// A hidden alias (a local symbol at the same address once linked): the symbolizer must still
// name the global one.
extern void *lib_map_pages_here(unsigned long) __attribute__((alias("lib_map_pages"), visibility("hidden")));

// lib_map_pages' address as the library sees it: taken in a non-PIE program it would be the
// program's PLT stub instead.
void *lib_where(void) {
    void *address;
    __asm__("lea lib_map_pages_here(%%rip), %0" : "=r"(address));
    return address;
}
