// Shared by the comparison workloads: a monotonic clock, the start gate, the report line and the
// linger at the end. Options every workload takes:
//   -o FILE  write the one-line report to FILE (else stdout)
//   -w       wait for SIGUSR1 before starting (so a tracer can attach to the pid first)
//   -l       after reporting, sleep until killed (so a tracer's programs can still be read)
// A workload started by a tracer or inside tmux is found by the script through /proc (its exe is
// in the script's build directory), so it needs no pid file.
#ifndef COMPARE_COMMON_H
#define COMPARE_COMMON_H
#define _GNU_SOURCE
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct options { const char *report; int wait; int linger; const char *arg; };

static inline uint64_t clock_ns(clockid_t clock) {
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

// Wall time, and the CPU time this process used (user + system, which is where a tracer's eBPF
// programs run): the second hardly moves when other processes compete for the CPUs.
static inline uint64_t now_ns(void) { return clock_ns(CLOCK_MONOTONIC); }
static inline uint64_t cpu_ns(void) { return clock_ns(CLOCK_PROCESS_CPUTIME_ID); }

static inline struct options parse_options(int argc, char **argv, const char *usage) {
    struct options o = {0};
    int c;
    while ((c = getopt(argc, argv, "o:wl")) != -1) {
        if (c == 'o') o.report = optarg;
        else if (c == 'w') o.wait = 1;
        else if (c == 'l') o.linger = 1;
        else { fprintf(stderr, "usage: %s\n", usage); exit(64); }
    }
    if (optind + 1 != argc) { fprintf(stderr, "usage: %s\n", usage); exit(64); }
    o.arg = argv[optind];
    return o;
}

// Blocks SIGUSR1 at once (so one sent early is not lost), then waits for it when asked to.
static inline void gate(const struct options *o) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, NULL);
    if (o->wait) { int sig; sigwait(&set, &sig); }
}

// Writes one line (the report) to the file (whole: written aside, then renamed into place) or
// stdout, then lingers if asked.
static inline void finish(const struct options *o, const char *fmt, ...) {
    char line[512], aside[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (o->report) {
        snprintf(aside, sizeof aside, "%s.part", o->report);
        FILE *f = fopen(aside, "w");
        if (!f || fprintf(f, "%s\n", line) < 0 || fclose(f) != 0 || rename(aside, o->report) != 0) {
            perror(o->report);
            exit(1);
        }
    } else {
        printf("%s\n", line);
        fflush(stdout);
    }
    if (o->linger) for (;;) pause();
}
#endif
