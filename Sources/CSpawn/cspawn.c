#define _GNU_SOURCE
#include "cspawn.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

// Written in C because only async-signal-safe calls may run between fork and exec, which Swift
// cannot promise.
pid_t vmscope_spawn_paused(const char *file, char *const argv[], int *release_fd, int *exec_error_fd) {
    int gate[2], report[2];
    if (pipe2(gate, O_CLOEXEC) != 0) return -1;
    if (pipe2(report, O_CLOEXEC) != 0) {
        int saved = errno;
        close(gate[0]); close(gate[1]);
        errno = saved;
        return -1;
    }
    pid_t pid = fork();
    if (pid < 0) {
        int saved = errno;
        close(gate[0]); close(gate[1]); close(report[0]); close(report[1]);
        errno = saved;
        return -1;
    }
    if (pid == 0) {
        close(gate[1]);
        close(report[0]);
        // Default signal dispositions and mask, as a shell would give a new command.
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        signal(SIGPIPE, SIG_DFL);
        char go;
        ssize_t n;
        do { n = read(gate[0], &go, 1); } while (n < 0 && errno == EINTR);
        if (n != 1) _exit(127); // the parent went away: do not run the command unwatched
        close(gate[0]);
        execvp(file, argv);
        int err = errno;
        (void)!write(report[1], &err, sizeof err);
        _exit(127);
    }
    close(gate[0]);
    close(report[1]);
    *release_fd = gate[1];
    *exec_error_fd = report[0];
    return pid;
}

int vmscope_spawn_release(int release_fd) {
    char go = 1;
    ssize_t n;
    do { n = write(release_fd, &go, 1); } while (n < 0 && errno == EINTR);
    int rc = n == 1 ? 0 : -1;
    close(release_fd);
    return rc;
}
