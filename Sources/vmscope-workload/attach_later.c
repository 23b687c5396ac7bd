// `vmscope-workload attach-later REPORT_FILE [now]`: a process to be watched while it runs (the
// probe tests attach to it by pid, then signal it), with memory whose detach needs what was
// there before: two System V shm attachments and an aio ring made before anyone watches, and a
// break to move. Reports each step as a JSON line in REPORT_FILE:
//   {"op":"start","pid":P,"start_brk":S,"break":B}   the break where exec left it (/proc/self/stat
//                                                     field 47) and now (glibc asked brk(0) for it)
//   {"op":"shmat","addr":A,"len":L} twice, {"op":"io_setup","addr":C,"len":L}
//   {"op":"ready"}, then it waits for SIGUSR1 (not with `now`), then
//   {"op":"brk","old":O,"new":N} twice (grow 64 KiB, shrink 16 KiB)
//   {"op":"shmdt","addr":A,"len":L,"pid":CHILD}        the second attachment, detached by a forked child
//   {"op":"shmdt","addr":A,"len":L,"pid":P}            the first, by the process itself
//   {"op":"io_destroy","addr":C,"len":L}
//   {"op":"end"}
// Nothing here calls malloc (wl_io.h writes from the stack), so only these brk calls move the break.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "wl_io.h"

static int report_fd = -1;
#define say(...) wl_line(report_fd, __VA_ARGS__)

// Field 47 of /proc/self/stat: start_brk, the break as exec set it.
static unsigned long start_brk(void) {
    char text[4096];
    int fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    ssize_t n = read(fd, text, sizeof text - 1);
    close(fd);
    if (n <= 0) return 0;
    text[n] = 0;
    char *p = strrchr(text, ')'); // the command name may hold spaces
    if (!p) return 0;
    p += 2; // field 3 starts here
    for (int field = 3; field < 47 && p; field++) p = strchr(p, ' ') ? strchr(p, ' ') + 1 : NULL;
    return p ? strtoul(p, NULL, 10) : 0;
}

static char *attach(size_t size) {
    int id = shmget(IPC_PRIVATE, size, IPC_CREAT | 0600);
    if (id < 0) return NULL;
    char *at = shmat(id, NULL, 0);
    shmctl(id, IPC_RMID, NULL); // gone with its last detach
    if (at == (void *)-1) return NULL;
    say("{\"op\":\"shmat\",\"addr\":%lu,\"len\":%lu}", (unsigned long)at, wl_mapping_length((unsigned long)at));
    return at;
}

int attach_later_main(int argc, char **argv) {
    if (argc < 2) {
        wl_line(2, "usage: vmscope-workload attach-later REPORT_FILE [now]");
        return 64;
    }
    report_fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (report_fd < 0) return 66;
    int now = argc > 2 && strcmp(argv[2], "now") == 0;
    long page = sysconf(_SC_PAGESIZE);
    // Blocked before anything else, so a signal sent early waits for sigwait.
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    sigprocmask(SIG_BLOCK, &usr1, NULL);

    unsigned long brk0 = (unsigned long)sbrk(0);
    say("{\"op\":\"start\",\"pid\":%d,\"start_brk\":%lu,\"break\":%lu}", getpid(), start_brk(), brk0);
    char *first = attach((size_t)(page * 5));
    char *second = attach((size_t)(page * 5 / 2));
    aio_context_t ctx = 0;
    if (syscall(SYS_io_setup, 4, &ctx) == 0)
        say("{\"op\":\"io_setup\",\"addr\":%lu,\"len\":%lu}", (unsigned long)ctx, wl_mapping_length((unsigned long)ctx));
    say("{\"op\":\"ready\"}");
    if (!now) {
        int signal = 0;
        sigwait(&usr1, &signal);
    }

    if (sbrk(64 << 10) == (void *)-1) return 71;
    unsigned long brk1 = (unsigned long)sbrk(0);
    say("{\"op\":\"brk\",\"old\":%lu,\"new\":%lu}", brk0, brk1);
    if (sbrk(-(16 << 10)) == (void *)-1) return 71;
    unsigned long brk2 = (unsigned long)sbrk(0);
    say("{\"op\":\"brk\",\"old\":%lu,\"new\":%lu}", brk1, brk2);

    if (second) {
        unsigned long len = wl_mapping_length((unsigned long)second);
        pid_t child = fork();
        if (child == 0) {
            long r = shmdt(second);
            say("{\"op\":\"shmdt\",\"addr\":%lu,\"len\":%lu,\"pid\":%d,\"errno\":%d}", (unsigned long)second, len,
                getpid(), r < 0 ? errno : 0);
            _exit(0);
        }
        waitpid(child, NULL, 0);
    }
    if (first) {
        unsigned long len = wl_mapping_length((unsigned long)first);
        long r = shmdt(first);
        say("{\"op\":\"shmdt\",\"addr\":%lu,\"len\":%lu,\"pid\":%d,\"errno\":%d}", (unsigned long)first, len, getpid(),
            r < 0 ? errno : 0);
    }
    if (ctx) {
        unsigned long len = wl_mapping_length((unsigned long)ctx);
        long r = syscall(SYS_io_destroy, ctx);
        say("{\"op\":\"io_destroy\",\"addr\":%lu,\"len\":%lu,\"errno\":%d}", (unsigned long)ctx, len, r < 0 ? errno : 0);
    }
    say("{\"op\":\"end\"}");
    return 0;
}
