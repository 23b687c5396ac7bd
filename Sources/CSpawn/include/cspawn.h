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
#endif
