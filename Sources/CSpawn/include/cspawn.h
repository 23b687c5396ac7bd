#ifndef CSPAWN_H
#define CSPAWN_H
#include <sys/types.h>
// Linux-only headers the Swift Glibc module leaves out, needed by the run loop.
#include <sys/signalfd.h>

/// Forks a child that waits, before exec, until `vmscope_spawn_release` is called, so the
/// caller can put the child's pid in the eBPF filter and miss nothing from its first
/// instruction. Returns the pid, or -1 with errno set. `*release_fd` receives the write end
/// of the gate pipe; `*exec_error_fd` the read end of a close-on-exec pipe on which the child
/// writes its errno if exec fails (EOF means exec succeeded).
pid_t vmscope_spawn_paused(const char *file, char *const argv[], int *release_fd, int *exec_error_fd);

/// Opens the gate: the child goes on to exec. Returns 0, or -1 with errno set.
int vmscope_spawn_release(int release_fd);

// ---- For `vmscope demo-workload` ----
#include <stddef.h>
#include <sys/mman.h>
#include <sys/prctl.h>

/// mremap is variadic in C (an optional new address), which Swift cannot call; glibc declares
/// it only under _GNU_SOURCE, so declare it here (compatible with glibc's own declaration).
extern void *mremap(void *old_address, size_t old_size, size_t new_size, int flags, ...);

/// mremap(2) without a fixed new address. `may_move` is MREMAP_MAYMOVE. MAP_FAILED on error.
static inline void *vmscope_mremap(void *old_address, size_t old_size, size_t new_size, int may_move) {
    return mremap(old_address, old_size, new_size, may_move ? 1 /* MREMAP_MAYMOVE */ : 0);
}

/// prctl(PR_SET_PDEATHSIG, sig): the kernel sends `sig` when the parent dies (prctl is variadic).
static inline int vmscope_set_parent_death_signal(int sig) {
    return prctl(PR_SET_PDEATHSIG, (unsigned long)sig, 0UL, 0UL, 0UL);
}
#endif
