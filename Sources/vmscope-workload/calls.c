// vmscope-workload calls REPORT_FILE: performs each memory-layout system call the probe follows
// beyond the classic five once (System V shared memory, protection keys, madvise, the mlock
// family, mseal, asynchronous I/O rings, failing execs) and reports each, with the addresses
// the kernel chose and the errno it returned (0: success), as a JSON line, so the probe tests
// can check that every call was seen where it happened. Raw syscall(2) is used where glibc
// might not wrap the call or might add calls of its own.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "wl_io.h"

#ifndef SYS_mseal
#define SYS_mseal 462
#endif
#ifndef MLOCK_ONFAULT
#define MLOCK_ONFAULT 0x01
#endif
#ifndef MCL_ONFAULT
#define MCL_ONFAULT 4
#endif

int run_calls(int argc, char **argv);

static int calls_fd = -1;

// One line, built on the stack and written with write(2): no malloc in between (wl_io.h).
#define say(...) wl_line(calls_fd, __VA_ARGS__)

// One call on a range: its name, range, extra argument and outcome (errno 0 = success).
static void say_range(const char *op, const void *addr, unsigned long len, long arg, long result) {
    say("{\"op\":\"%s\",\"addr\":%lu,\"len\":%lu,\"arg\":%ld,\"errno\":%d}", op, (unsigned long)addr, len, arg,
        result < 0 ? errno : 0);
}

static void *map_pages(long page, int count) {
    void *p = mmap(NULL, (size_t)(page * count), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        say("{\"op\":\"error\",\"what\":\"mmap\",\"errno\":%d}", errno);
        _exit(2);
    }
    return p;
}

static void shared_memory(long page) {
    // A segment of 2.5 pages: the kernel maps 3. Attached, split by mprotect, detached whole.
    size_t size = (size_t)(page * 5 / 2);
    int id = shmget(IPC_PRIVATE, size, IPC_CREAT | 0600);
    if (id < 0) {
        say("{\"op\":\"error\",\"what\":\"shmget\",\"errno\":%d}", errno);
        return;
    }
    char *at = shmat(id, NULL, 0);
    if (at == (void *)-1) {
        say("{\"op\":\"error\",\"what\":\"shmat\",\"errno\":%d}", errno);
    } else {
        say("{\"op\":\"shmat\",\"addr\":%lu,\"len\":%lu,\"shmid\":%d,\"read_only\":false,\"errno\":0}",
            (unsigned long)at, wl_mapping_length((unsigned long)at), id);
        at[0] = 1;
        long r = mprotect(at + page, (size_t)page, PROT_READ);
        say_range("mprotect", at + page, (unsigned long)page, PROT_READ, r);
        unsigned long whole = (unsigned long)(page * 3);
        r = shmdt(at);
        say_range("shmdt", at, whole, 0, r);
    }
    char *ro = shmat(id, NULL, SHM_RDONLY);
    if (ro != (void *)-1) {
        say("{\"op\":\"shmat\",\"addr\":%lu,\"len\":%lu,\"shmid\":%d,\"read_only\":true,\"errno\":0}",
            (unsigned long)ro, wl_mapping_length((unsigned long)ro), id);
        long r = shmdt(ro);
        say_range("shmdt", ro, (unsigned long)(page * 3), 0, r);
    }
    shmctl(id, IPC_RMID, NULL);

    errno = 0;
    void *bad = shmat(-1, NULL, 0);
    say("{\"op\":\"failed\",\"syscall\":\"shmat\",\"addr\":0,\"len\":0,\"errno\":%d}", bad == (void *)-1 ? errno : 0);
    char *plain = map_pages(page, 1);
    long r = shmdt(plain); // not an attachment: EINVAL
    say("{\"op\":\"failed\",\"syscall\":\"shmdt\",\"addr\":%lu,\"len\":0,\"errno\":%d}", (unsigned long)plain,
        r < 0 ? errno : 0);
    munmap(plain, (size_t)page);
}

static void protection_keys(long page) {
    char *p = map_pages(page, 2);
    long r = syscall(SYS_pkey_mprotect, p, page, PROT_READ, -1);
    say_range("pkey_mprotect", p, (unsigned long)page, -1, r);
    long key = syscall(SYS_pkey_alloc, 0, 0);
    if (key >= 0) {
        r = syscall(SYS_pkey_mprotect, p + page, page, PROT_READ | PROT_WRITE, key);
        say_range("pkey_mprotect", p + page, (unsigned long)page, key, r);
        syscall(SYS_pkey_free, key);
    } else {
        say("{\"op\":\"note\",\"what\":\"pkey_alloc\",\"errno\":%d}", errno);
    }
    munmap(p, (size_t)(page * 2));
}

static void advice(long page) {
    char *p = map_pages(page, 16);
    for (int i = 0; i < 16; i++) p[i * page] = 1;
    const int advices[] = {MADV_DONTNEED, MADV_FREE, MADV_HUGEPAGE, MADV_NOHUGEPAGE, MADV_WILLNEED};
    for (size_t i = 0; i < sizeof advices / sizeof advices[0]; i++) {
        long r = madvise(p, (size_t)(page * 16), advices[i]);
        say_range("madvise", p, (unsigned long)(page * 16), advices[i], r);
    }
    long r = madvise(p + 1, (size_t)page, MADV_DONTNEED); // unaligned: EINVAL
    say_range("madvise", p + 1, (unsigned long)page, MADV_DONTNEED, r);
    munmap(p, (size_t)(page * 16));
}

// Locks may fail without CAP_IPC_LOCK when RLIMIT_MEMLOCK is small: the report says how each
// one ended, and a failure is a failure event, not a missing one.
static void locks(long page) {
    char *p = map_pages(page, 4);
    long r = mlock(p, (size_t)(page * 2));
    say_range("mlock", p, (unsigned long)(page * 2), 0, r);
    r = munlock(p, (size_t)(page * 2));
    say_range("munlock", p, (unsigned long)(page * 2), 0, r);
    r = syscall(SYS_mlock2, p + page * 2, page, MLOCK_ONFAULT);
    say_range("mlock2", p + page * 2, (unsigned long)page, MLOCK_ONFAULT, r);
    r = munlock(p + page * 2, (size_t)page);
    say_range("munlock", p + page * 2, (unsigned long)page, 0, r);
    // ONFAULT: lock what is touched from now on, without faulting everything in.
    r = mlockall(MCL_CURRENT | MCL_ONFAULT);
    say_range("mlockall", NULL, 0, MCL_CURRENT | MCL_ONFAULT, r);
    r = munlockall();
    say_range("munlockall", NULL, 0, 0, r);
    munmap(p, (size_t)(page * 4));
}

static void seal(long page) {
    char *p = map_pages(page, 2);
    long r = syscall(SYS_mseal, p + page, page, 1UL); // no flags are defined: EINVAL
    say_range("mseal", p + page, (unsigned long)page, 1, r);
    r = syscall(SYS_mseal, p, page, 0UL);
    say_range("mseal", p, (unsigned long)page, 0, r); // ENOSYS before 6.10: reported as such
    // Sealed memory stays until exit.
}

static void aio_rings(void) {
    aio_context_t ctx = 0;
    long r = syscall(SYS_io_setup, 8, &ctx);
    if (r == 0) {
        say("{\"op\":\"io_setup\",\"addr\":%lu,\"len\":%lu,\"errno\":0}", (unsigned long)ctx,
            wl_mapping_length((unsigned long)ctx));
        unsigned long len = wl_mapping_length((unsigned long)ctx);
        r = syscall(SYS_io_destroy, ctx);
        say_range("io_destroy", (void *)ctx, len, 0, r);
    } else {
        say("{\"op\":\"io_setup\",\"addr\":0,\"len\":0,\"errno\":%d}", errno);
    }
    aio_context_t unused = 0;
    r = syscall(SYS_io_setup, 0, &unused); // no events: EINVAL
    say("{\"op\":\"failed\",\"syscall\":\"io_setup\",\"addr\":0,\"len\":0,\"errno\":%d}", r < 0 ? errno : 0);
    r = syscall(SYS_io_destroy, (aio_context_t)0x1000); // no such context: EINVAL
    say("{\"op\":\"failed\",\"syscall\":\"io_destroy\",\"addr\":%lu,\"len\":0,\"errno\":%d}", 0x1000UL,
        r < 0 ? errno : 0);
}

static void failing_execs(void) {
    char *argv[] = {"vmscope-no-such-program", NULL};
    char *envp[] = {NULL};
    const char *missing = "/nonexistent/vmscope-no-such-program";
    execve(missing, argv, envp);
    say("{\"op\":\"failed\",\"syscall\":\"execve\",\"addr\":0,\"len\":0,\"errno\":%d}", errno);
    syscall(SYS_execveat, AT_FDCWD, missing, argv, envp, 0);
    say("{\"op\":\"failed\",\"syscall\":\"execveat\",\"addr\":0,\"len\":0,\"errno\":%d}", errno);
}

int run_calls(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: vmscope-workload calls REPORT_FILE\n");
        return 64;
    }
    calls_fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (calls_fd < 0) {
        fprintf(stderr, "vmscope-workload: cannot write %s: %s\n", argv[2], strerror(errno));
        return 66;
    }
    long page = sysconf(_SC_PAGESIZE);
    say("{\"op\":\"start\",\"pid\":%d,\"page\":%ld}", getpid(), page);
    shared_memory(page);
    protection_keys(page);
    advice(page);
    locks(page);
    seal(page);
    aio_rings();
    failing_execs();
    say("{\"op\":\"end\"}");
    return 0;
}
