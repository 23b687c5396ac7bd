// Output helpers shared by the workload's modes (main.c, calls.c, random.c, storm.c, exec_chain.c, maps.c).
//
// Lines are formatted on the stack and written with write(2): stdio and anything else that may
// call malloc can move the break (or map an arena) behind the workload's back, and the tests
// compare what the workload did with what vmscope saw.
#ifndef VMSCOPE_WORKLOAD_IO_H
#define VMSCOPE_WORKLOAD_IO_H

#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

// Writes one formatted line (a newline is added) to `fd`; gives up quietly if it cannot.
static inline void wl_line(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline void wl_line(int fd, const char *fmt, ...) {
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line - 1, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n > sizeof line - 2) n = (int)sizeof line - 2;
    line[n++] = '\n';
    const char *p = line;
    while (n > 0) {
        ssize_t w = write(fd, p, (size_t)n);
        if (w <= 0) return;
        p += w;
        n -= (int)w;
    }
}

// Parses a whole decimal argument; returns 0 and sets *ok to 0 when it is not one.
static inline unsigned long long wl_number(const char *text, int *ok) {
    unsigned long long value = 0;
    *ok = text != NULL && *text != '\0';
    for (const char *p = text; *ok && *p; p++) {
        if (*p < '0' || *p > '9' || value > (~0ULL - 9) / 10) { *ok = 0; break; }
        value = value * 10 + (unsigned long long)(*p - '0');
    }
    return *ok ? value : 0;
}

static inline uint64_t wl_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

// The length of the mapping that starts at `start`, from /proc/self/maps (0 if none).
static inline unsigned long wl_mapping_length(unsigned long start) {
    static char text[1 << 16];
    int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    size_t used = 0;
    ssize_t n;
    while (used < sizeof text - 1 && (n = read(fd, text + used, sizeof text - 1 - used)) > 0) used += (size_t)n;
    close(fd);
    text[used] = 0;
    for (char *line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
        char *dash;
        unsigned long from = strtoul(line, &dash, 16);
        if (from == start && *dash == '-') return strtoul(dash + 1, NULL, 16) - from;
    }
    return 0;
}

#endif
