// `vmscope-workload random SEED COUNT [PAUSE_EVERY]`: a seeded, deterministic random sequence
// of at least COUNT address-space calls, for testing that `vmscope trace` explains every change
// /proc shows.
//
// The calls: mmap (anonymous private and shared, file-backed private and shared, sizes from one
// page to 4 MiB, several protections; MAP_FIXED over part of an existing mapping;
// MAP_FIXED_NOREPLACE into a hole just made), munmap (whole and partial: front, back, middle),
// mprotect (of a part, splitting the mapping), mremap (grown in place, shrunk, moved with
// MREMAP_MAYMOVE, moved with MREMAP_FIXED onto a reservation or over part of another mapping),
// brk up and down (through sbrk), madvise(MADV_DONTNEED), and a few calls that must fail
// (unaligned munmap/mprotect, zero-length mmap, MREMAP_FIXED without MREMAP_MAYMOVE,
// MAP_FIXED_NOREPLACE over a live mapping). Pages of live mappings are touched now and then so
// page faults are mixed in.
//
// The workload keeps a table of its own mappings, so every call it means to succeed is valid
// and never touches anything it did not map (the loader's, libc's). What it chooses depends only
// on the seed and on that table's shape (never on addresses the kernel picked), so a seed always
// gives the same sequence; the summary's `digest` shows it.
//
// Every PAUSE_EVERY calls (default 16) it sleeps 1-5 ms, so /proc snapshots land both between
// calls and in the middle of bursts. At the end it unmaps everything, restores the break, and
// prints one JSON line to stdout:
//   {"mode":"random","seed":S,"count":C,"calls":N,"failures":F,"expected_failures":E,
//    "unexpected_failures":U,...,"digest":"...","ns":T}
// and exits 0 (1 when a call it meant to succeed failed: its first such failure is in the line).
//
// No malloc and no stdio in the loop: both can move the break or map behind our back.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wl_io.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

#define PAGE 4096UL
#define MAX_ENTRIES 128        /* table capacity (splits need room) */
#define SOFT_ENTRIES 40        /* above this, calls that remove mappings are preferred */
#define MAX_MAPPED (48UL << 20) /* above this many bytes mapped, likewise */
#define MAX_HEAP (8UL << 20)   /* the break never grows more than this above where it began */
#define FILES 2

// One piece of the address space the workload mapped, with uniform attributes. Each piece lies
// inside one kernel VMA (neighbouring pieces may share one when the kernel merged them), which
// is what mremap needs of its old range.
struct entry {
    uintptr_t start;
    size_t len;
    int prot;
    int flags;       /* MAP_PRIVATE or MAP_SHARED, | MAP_ANONYMOUS for anonymous memory */
    int file;        /* index into files[], or -1 for anonymous memory */
    size_t off;      /* offset of `start` in the backing object (file or shared memory) */
    size_t backing;  /* bytes of the backing object; 0 = private anonymous, no end */
};

static struct entry table[MAX_ENTRIES];
static int entries;

static struct {
    int fd;
    size_t size;
    char path[512];
} files[FILES];
static char deep_root[512];

static uint64_t rng;
static uint64_t digest = 1469598103934665603ULL; /* FNV-1a */

static unsigned long calls, failures, expected_failures, unexpected_failures, pauses, touches;
static unsigned long n_mmap, n_mmap_fixed, n_mmap_noreplace, n_munmap, n_mprotect, n_mremap, n_brk, n_madvise;
static char first_unexpected[160];

static uintptr_t heap_base, heap_top;

// splitmix64: small, fast, and good enough to pick calls.
static uint64_t next(void) {
    uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
static uint64_t below(uint64_t n) { return n ? next() % n : 0; }
static int chance(unsigned percent) { return below(100) < percent; }

static void mix(uint64_t value) {
    for (int i = 0; i < 8; i++) {
        digest ^= (value >> (8 * i)) & 0xff;
        digest *= 1099511628211ULL;
    }
}

// Records the outcome of one call: `ok` whether it succeeded, `meant` whether it should have.
static void outcome(const char *what, int ok, int meant, int err) {
    calls++;
    mix((uint64_t)ok);
    if (!ok) failures++;
    if (!ok && !meant) expected_failures++;
    if (ok != meant) {
        if (ok) {
            // A call meant to fail succeeded: as bad as the other way round.
            err = 0;
        }
        if (unexpected_failures++ == 0) {
            snprintf(first_unexpected, sizeof first_unexpected, "%s %s (errno %d, call %lu)", what,
                     ok ? "succeeded but should have failed" : "failed", err, calls);
        }
    }
}

// A length in pages: mostly small, sometimes large.
static size_t random_pages(void) {
    uint64_t r = below(100);
    if (r < 70) return 1 + below(16);
    if (r < 95) return 1 + below(256);
    return 1 + below(1024);
}

static int anon_prot(void) {
    static const int choices[] = {
        PROT_READ | PROT_WRITE, PROT_READ | PROT_WRITE, PROT_READ | PROT_WRITE, PROT_READ | PROT_WRITE,
        PROT_READ, PROT_READ, PROT_NONE, PROT_READ | PROT_EXEC, PROT_READ | PROT_WRITE | PROT_EXEC, PROT_WRITE,
    };
    return choices[below(sizeof choices / sizeof choices[0])];
}
static int file_prot(void) {
    static const int choices[] = { PROT_READ, PROT_READ, PROT_READ | PROT_WRITE, PROT_READ | PROT_WRITE, PROT_NONE };
    return choices[below(sizeof choices / sizeof choices[0])];
}
static int prot_for(const struct entry *e) { return e->file >= 0 ? file_prot() : anon_prot(); }

static size_t mapped_bytes(void) {
    size_t total = 0;
    for (int i = 0; i < entries; i++) total += table[i].len;
    return total;
}

static void add(struct entry e) {
    if (entries < MAX_ENTRIES) table[entries++] = e;
}

// Forgets [start, start+len) in the table, splitting the pieces it cuts through.
static void forget(uintptr_t start, size_t len) {
    uintptr_t end = start + len;
    for (int i = 0; i < entries; i++) {
        struct entry e = table[i];
        uintptr_t e_end = e.start + e.len;
        if (e_end <= start || e.start >= end) continue;
        // Remove e, then put back what lies outside the range.
        table[i] = table[--entries];
        i--;
        if (e.start < start) {
            struct entry left = e;
            left.len = start - e.start;
            add(left);
        }
        if (e_end > end) {
            struct entry right = e;
            right.start = end;
            right.len = e_end - end;
            right.off = e.off + (end - e.start);
            add(right);
        }
    }
}

// Applies a new protection to [start, start+len), which lies inside entry i.
static void reprotect(int i, uintptr_t start, size_t len, int prot) {
    struct entry e = table[i];
    forget(start, len);
    struct entry middle = e;
    middle.start = start;
    middle.len = len;
    middle.off = e.off + (start - e.start);
    middle.prot = prot;
    add(middle);
}

// A page-aligned sub-range of entry i: [*start, *start + *len), at least one page.
static void sub_range(int i, uintptr_t *start, size_t *len) {
    size_t pages = table[i].len / PAGE;
    size_t first = below(pages);
    size_t count = 1 + below(pages - first);
    *start = table[i].start + first * PAGE;
    *len = count * PAGE;
}

// Touches up to four random pages of entry i that may be accessed: readable ones are read,
// writable ones written, nothing past the end of a file or shared object.
static void touch_some(int i) {
    struct entry *e = &table[i];
    if (e->prot == PROT_NONE) return;
    size_t pages = e->len / PAGE;
    int n = 1 + (int)below(4);
    for (int k = 0; k < n; k++) {
        size_t page = below(pages);
        if (e->backing && e->off + page * PAGE >= e->backing) continue;
        volatile char *p = (volatile char *)(e->start + page * PAGE);
        if (e->prot & PROT_WRITE) *p = (char)k;
        else if (e->prot & PROT_READ) (void)*p;
        touches++;
    }
}

static int random_entry(void) { return entries ? (int)below((uint64_t)entries) : -1; }

// --- the calls ---------------------------------------------------------------------------

static void do_mmap_anon(int shared) {
    size_t len = random_pages() * PAGE;
    int prot = anon_prot();
    int flags = (shared ? MAP_SHARED : MAP_PRIVATE) | MAP_ANONYMOUS;
    mix(1); mix(len); mix((uint64_t)prot); mix((uint64_t)flags);
    void *p = mmap(NULL, len, prot, flags, -1, 0);
    n_mmap++;
    outcome("mmap anon", p != MAP_FAILED, 1, errno);
    if (p == MAP_FAILED) return;
    add((struct entry){ (uintptr_t)p, len, prot, flags, -1, 0, shared ? len : 0 });
}

static void do_mmap_file(void) {
    int f = (int)below(FILES);
    size_t file_pages = (files[f].size + PAGE - 1) / PAGE;
    size_t first = below(file_pages);
    size_t pages = 1 + below(file_pages - first);
    if (pages > 64 && chance(50)) pages = 1 + below(64);
    size_t len = pages * PAGE;
    int prot = file_prot();
    int flags = chance(50) ? MAP_SHARED : MAP_PRIVATE;
    mix(2); mix((uint64_t)f); mix(first); mix(len); mix((uint64_t)prot); mix((uint64_t)flags);
    void *p = mmap(NULL, len, prot, flags, files[f].fd, (off_t)(first * PAGE));
    n_mmap++;
    outcome("mmap file", p != MAP_FAILED, 1, errno);
    if (p == MAP_FAILED) return;
    add((struct entry){ (uintptr_t)p, len, prot, flags, f, first * PAGE, files[f].size });
}

// MAP_FIXED over part of a live mapping: the new mapping replaces that part.
static void do_mmap_fixed(void) {
    int i = random_entry();
    if (i < 0) return;
    uintptr_t start;
    size_t len;
    sub_range(i, &start, &len);
    struct entry e;
    mix(3); mix(start - table[i].start); mix(len);
    if (chance(60)) {
        int prot = anon_prot();
        e = (struct entry){ start, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0, 0 };
        mix((uint64_t)prot);
        void *p = mmap((void *)start, len, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        n_mmap++; n_mmap_fixed++;
        outcome("mmap fixed anon", p == (void *)start, 1, errno);
        if (p != (void *)start) return;
    } else {
        int f = (int)below(FILES);
        size_t file_pages = (files[f].size + PAGE - 1) / PAGE;
        size_t first = below(file_pages);
        int prot = file_prot();
        int flags = chance(50) ? MAP_SHARED : MAP_PRIVATE;
        e = (struct entry){ start, len, prot, flags, f, first * PAGE, files[f].size };
        mix((uint64_t)f); mix(first); mix((uint64_t)prot); mix((uint64_t)flags);
        void *p = mmap((void *)start, len, prot, flags | MAP_FIXED, files[f].fd, (off_t)(first * PAGE));
        n_mmap++; n_mmap_fixed++;
        outcome("mmap fixed file", p == (void *)start, 1, errno);
        if (p != (void *)start) return;
    }
    forget(start, len);
    add(e);
}

// Unmaps a whole entry, then maps something new into the hole with MAP_FIXED_NOREPLACE.
static void do_mmap_noreplace(void) {
    int i = random_entry();
    if (i < 0) return;
    struct entry old = table[i];
    mix(4); mix(old.len);
    int r = munmap((void *)old.start, old.len);
    n_munmap++;
    outcome("munmap (hole)", r == 0, 1, errno);
    if (r != 0) return;
    forget(old.start, old.len);
    size_t len = (1 + below(old.len / PAGE)) * PAGE;
    int prot = anon_prot();
    mix(len); mix((uint64_t)prot);
    void *p = mmap((void *)old.start, len, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    n_mmap++; n_mmap_noreplace++;
    outcome("mmap fixed_noreplace", p == (void *)old.start, 1, errno);
    if (p == MAP_FAILED) return;
    if (p != (void *)old.start) { munmap(p, len); return; } /* an old kernel took it as a hint */
    add((struct entry){ old.start, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0, 0 });
}

static void do_munmap_whole(void) {
    int i = random_entry();
    if (i < 0) return;
    struct entry e = table[i];
    mix(5); mix(e.len);
    int r = munmap((void *)e.start, e.len);
    n_munmap++;
    outcome("munmap", r == 0, 1, errno);
    if (r == 0) forget(e.start, e.len);
}

static void do_munmap_part(void) {
    int i = random_entry();
    if (i < 0 || table[i].len < 2 * PAGE) return;
    struct entry e = table[i];
    size_t pages = e.len / PAGE;
    uintptr_t start;
    size_t len;
    switch (below(3)) {
    case 0: /* front */
        start = e.start;
        len = (1 + below(pages - 1)) * PAGE;
        break;
    case 1: /* back */
        len = (1 + below(pages - 1)) * PAGE;
        start = e.start + e.len - len;
        break;
    default: /* middle (or, with two pages, the second) */
        if (pages < 3) { start = e.start + PAGE; len = PAGE; break; }
        start = e.start + (1 + below(pages - 2)) * PAGE;
        len = (1 + below((e.start + e.len - start) / PAGE - 1)) * PAGE;
        break;
    }
    mix(6); mix(start - e.start); mix(len);
    int r = munmap((void *)start, len);
    n_munmap++;
    outcome("munmap part", r == 0, 1, errno);
    if (r == 0) forget(start, len);
}

static void do_mprotect(void) {
    int i = random_entry();
    if (i < 0) return;
    uintptr_t start;
    size_t len;
    sub_range(i, &start, &len);
    int prot = prot_for(&table[i]);
    mix(7); mix(start - table[i].start); mix(len); mix((uint64_t)prot);
    int r = mprotect((void *)start, len, prot);
    n_mprotect++;
    outcome("mprotect", r == 0, 1, errno);
    if (r == 0) reprotect(i, start, len, prot);
}

// Grown in place, certainly: give back the top pages of an entry, then grow into them again.
static void do_mremap_grow_in_place(void) {
    int i = random_entry();
    if (i < 0 || table[i].len < 2 * PAGE) return;
    struct entry e = table[i];
    size_t give = (1 + below(e.len / PAGE - 1)) * PAGE;
    mix(8); mix(e.len); mix(give);
    int r = munmap((void *)(e.start + e.len - give), give);
    n_munmap++;
    outcome("munmap (tail)", r == 0, 1, errno);
    if (r != 0) return;
    forget(e.start + e.len - give, give);
    void *p = mremap((void *)e.start, e.len - give, e.len, 0);
    n_mremap++;
    outcome("mremap grow in place", p == (void *)e.start, 1, errno);
    if (p != (void *)e.start) return;
    for (int k = 0; k < entries; k++) {
        if (table[k].start == e.start) { table[k].len = e.len; break; }
    }
}

static void do_mremap_shrink(void) {
    int i = random_entry();
    if (i < 0 || table[i].len < 2 * PAGE) return;
    struct entry e = table[i];
    size_t new_len = (1 + below(e.len / PAGE - 1)) * PAGE;
    mix(9); mix(e.len); mix(new_len);
    void *p = mremap((void *)e.start, e.len, new_len, 0);
    n_mremap++;
    outcome("mremap shrink", p == (void *)e.start, 1, errno);
    if (p == (void *)e.start) forget(e.start + new_len, e.len - new_len);
}

// The new mapping after a move: same attributes, new place and size.
static void moved(struct entry e, uintptr_t start, size_t len, size_t new_len, uintptr_t to) {
    forget(start, len);
    struct entry n = e;
    n.start = to;
    n.len = new_len;
    n.off = e.off + (start - e.start);
    add(n);
}

// MREMAP_MAYMOVE with a bigger size: the kernel moves it when it cannot grow in place.
static void do_mremap_maymove(void) {
    int i = random_entry();
    if (i < 0) return;
    struct entry e = table[i];
    uintptr_t start;
    size_t len;
    sub_range(i, &start, &len);
    size_t new_len = len + (1 + below(64)) * PAGE;
    mix(10); mix(start - e.start); mix(len); mix(new_len);
    void *p = mremap((void *)start, len, new_len, MREMAP_MAYMOVE);
    n_mremap++;
    outcome("mremap maymove", p != MAP_FAILED, 1, errno);
    if (p == MAP_FAILED) return;
    moved(e, start, len, new_len, (uintptr_t)p);
}

// MREMAP_FIXED: onto a fresh PROT_NONE reservation, or over part of another live mapping.
static void do_mremap_fixed(void) {
    int i = random_entry();
    if (i < 0) return;
    struct entry e = table[i];
    uintptr_t start;
    size_t len;
    sub_range(i, &start, &len);
    size_t new_len = (1 + below(len / PAGE + 16)) * PAGE;
    uintptr_t to = 0;
    int j = random_entry();
    mix(11); mix(start - e.start); mix(len); mix(new_len);
    if (j != i && j >= 0 && table[j].len >= new_len && chance(50)) {
        to = table[j].start + below((table[j].len - new_len) / PAGE + 1) * PAGE;
        mix(1); mix(to - table[j].start);
    } else {
        void *r = mmap(NULL, new_len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        n_mmap++;
        outcome("mmap reservation", r != MAP_FAILED, 1, errno);
        if (r == MAP_FAILED) return;
        to = (uintptr_t)r;
        add((struct entry){ to, new_len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0, 0 });
        mix(2);
    }
    void *p = mremap((void *)start, len, new_len, MREMAP_MAYMOVE | MREMAP_FIXED, (void *)to);
    n_mremap++;
    outcome("mremap fixed", p == (void *)to, 1, errno);
    if (p != (void *)to) return;
    forget(to, new_len);
    moved(e, start, len, new_len, to);
}

static void do_brk_up(void) {
    if (heap_top - heap_base >= MAX_HEAP) return;
    size_t grow = (1 + below(64)) * PAGE;
    mix(12); mix(grow);
    void *old = sbrk((intptr_t)grow);
    n_brk++;
    outcome("brk up", old != (void *)-1, 1, errno);
    if (old == (void *)-1) return;
    heap_top = (uintptr_t)old + grow;
    // Write a few of the new pages (whole pages only: the break may not be page-aligned).
    for (int k = 0; k < 3; k++) {
        uintptr_t a = (uintptr_t)old + below(grow);
        if (a < heap_top) { *(volatile char *)a = 1; touches++; }
    }
}

static void do_brk_down(void) {
    size_t have = heap_top - heap_base;
    if (have < PAGE) return;
    size_t shrink = (1 + below(have / PAGE)) * PAGE;
    if (shrink > have) shrink = have;
    mix(13); mix(shrink);
    void *old = sbrk(-(intptr_t)shrink);
    n_brk++;
    outcome("brk down", old != (void *)-1, 1, errno);
    if (old != (void *)-1) heap_top -= shrink;
}

static void do_madvise(void) {
    int i = random_entry();
    if (i < 0) return;
    uintptr_t start;
    size_t len;
    sub_range(i, &start, &len);
    mix(14); mix(start - table[i].start); mix(len);
    int r = madvise((void *)start, len, MADV_DONTNEED);
    n_madvise++;
    outcome("madvise", r == 0, 1, errno);
}

// A call that must fail and change nothing.
static void do_invalid(void) {
    int i = random_entry();
    uint64_t which = below(5);
    mix(15); mix(which);
    if (i < 0 && which != 2) which = 2;
    switch (which) {
    case 0: {
        int r = munmap((void *)(table[i].start + 1), PAGE);
        n_munmap++;
        outcome("munmap unaligned", r == 0, 0, errno);
        break;
    }
    case 1: {
        int r = mprotect((void *)(table[i].start + 8), PAGE, PROT_READ);
        n_mprotect++;
        outcome("mprotect unaligned", r == 0, 0, errno);
        break;
    }
    case 2: {
        void *p = mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        n_mmap++;
        outcome("mmap zero length", p != MAP_FAILED, 0, errno);
        break;
    }
    case 3: {
        // MREMAP_FIXED needs MREMAP_MAYMOVE: EINVAL.
        void *p = mremap((void *)table[i].start, PAGE, PAGE, MREMAP_FIXED, (void *)(table[i].start + (64UL << 20)));
        n_mremap++;
        outcome("mremap fixed without maymove", p != MAP_FAILED, 0, errno);
        break;
    }
    default: {
        void *p = mmap((void *)table[i].start, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
        n_mmap++; n_mmap_noreplace++;
        outcome("mmap fixed_noreplace over a mapping", p != MAP_FAILED, 0, errno);
        if (p != MAP_FAILED && p != (void *)table[i].start) munmap(p, PAGE); /* taken as a hint */
        break;
    }
    }
}

// --- self-check (VMSCOPE_WORKLOAD_CHECK=1) ------------------------------------------------
// After every call, compares the table with /proc/self/maps: each entry must be covered exactly
// by VMAs with its protection, sharing, file and offset. It proves the workload's own model (so
// a test failure is vmscope's, not the workload's); far too slow to leave on in tests.

static char maps_buf[1 << 20];

static int hex_field(const char **p, uint64_t *out) {
    uint64_t v = 0;
    int any = 0;
    for (;; (*p)++, any = 1) {
        char c = **p;
        if (c >= '0' && c <= '9') v = v * 16 + (uint64_t)(c - '0');
        else if (c >= 'a' && c <= 'f') v = v * 16 + (uint64_t)(c - 'a' + 10);
        else break;
    }
    *out = v;
    return any;
}

static void remove_files(void);

static void check_fail(const char *what, const struct entry *e, uint64_t at) {
    wl_line(2, "vmscope-workload random: self-check failed after call %lu: %s: entry %#lx-%#lx prot %d flags %#x file %d off %zu, at %#lx",
            calls, what, (unsigned long)e->start, (unsigned long)(e->start + e->len), e->prot, e->flags, e->file, e->off,
            (unsigned long)at);
    remove_files();
    _exit(3);
}

static void self_check(void) {
    int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    size_t used = 0;
    ssize_t n;
    while (used < sizeof maps_buf - 1 && (n = read(fd, maps_buf + used, sizeof maps_buf - 1 - used)) > 0) used += (size_t)n;
    close(fd);
    maps_buf[used] = '\0';
    for (int i = 0; i < entries; i++) {
        const struct entry *e = &table[i];
        uint64_t covered = 0;
        for (const char *line = maps_buf; *line; ) {
            const char *next = strchr(line, '\n');
            next = next ? next + 1 : line + strlen(line);
            const char *p = line;
            uint64_t start, end, offset, skip;
            hex_field(&p, &start); p++;
            hex_field(&p, &end); p++;
            char perms[4] = { p[0], p[1], p[2], p[3] };
            p += 5;
            hex_field(&p, &offset); p++;
            hex_field(&p, &skip); p++; hex_field(&p, &skip); p++; /* dev */
            while (*p >= '0' && *p <= '9') p++;                   /* inode */
            while (*p == ' ') p++;
            const char *path = p;
            size_t path_len = (size_t)(next - path) - (next[-1] == '\n');
            line = next;
            uint64_t lo = start > e->start ? start : e->start;
            uint64_t hi = end < e->start + e->len ? end : e->start + e->len;
            if (lo >= hi) continue;
            covered += hi - lo;
            int want_r = (e->prot & PROT_READ) != 0, want_w = (e->prot & PROT_WRITE) != 0, want_x = (e->prot & PROT_EXEC) != 0;
            if ((perms[0] == 'r') != want_r || (perms[1] == 'w') != want_w || (perms[2] == 'x') != want_x)
                check_fail("protection differs", e, lo);
            if ((perms[3] == 's') != ((e->flags & MAP_SHARED) != 0)) check_fail("sharing differs", e, lo);
            if (e->file >= 0) {
                size_t plen = strlen(files[e->file].path);
                if (path_len != plen || memcmp(path, files[e->file].path, plen) != 0) check_fail("file differs", e, lo);
            } else if (e->flags & MAP_SHARED) {
                if (path_len < 9 || memcmp(path, "/dev/zero", 9) != 0) check_fail("not shared anonymous memory", e, lo);
            } else if (path_len != 0) {
                check_fail("not anonymous", e, lo);
            }
            if (e->backing && offset + (lo - start) != e->off + (lo - e->start)) check_fail("offset differs", e, lo);
        }
        if (covered != e->len) check_fail("not wholly mapped", e, e->start + covered);
    }
    // The break: [heap] ends at it (page-rounded), or there is no [heap] when it is back at the start.
    (void)heap_top;
}

// --- setup and the loop --------------------------------------------------------------------

static int make_file(int f, const char *path, size_t size) {
    snprintf(files[f].path, sizeof files[f].path, "%s", path);
    files[f].size = size;
    files[f].fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (files[f].fd < 0) return -1;
    if (ftruncate(files[f].fd, (off_t)size) != 0) return -1;
    // Some content, written with write(2) in page-sized pieces from the stack.
    char page[PAGE];
    for (size_t k = 0; k < PAGE; k++) page[k] = (char)('a' + (k + (size_t)f) % 26);
    for (size_t at = 0; at < size; at += PAGE) {
        size_t n = size - at < PAGE ? size - at : PAGE;
        if (pwrite(files[f].fd, page, n, (off_t)at) != (ssize_t)n) return -1;
    }
    return 0;
}

static const char *deep_dirs[] = { "a", "b", "c", "d", "e", "f", "g", "h" };

static int setup_files(void) {
    const char *tmp = getenv("TMPDIR");
    if (tmp == NULL || *tmp == '\0') tmp = "/tmp";
    char path[512];
    snprintf(path, sizeof path, "%s/vmscope-random-%d.dat", tmp, getpid());
    if (make_file(0, path, (1UL << 20) + 1234) != 0) return -1;   /* ends mid-page */
    // The second file lies deeper than the kernel side's path components reach, so its name
    // has to be completed.
    snprintf(deep_root, sizeof deep_root, "%s/vmscope-random-%d.d", tmp, getpid());
    if (mkdir(deep_root, 0700) != 0) return -1;
    size_t used = (size_t)snprintf(path, sizeof path, "%s", deep_root);
    for (size_t k = 0; k < sizeof deep_dirs / sizeof deep_dirs[0]; k++) {
        used += (size_t)snprintf(path + used, sizeof path - used, "/%s", deep_dirs[k]);
        if (mkdir(path, 0700) != 0) return -1;
    }
    snprintf(path + used, sizeof path - used, "/deep-file.dat");
    return make_file(1, path, 512UL << 10);
}

static void remove_files(void) {
    for (int f = 0; f < FILES; f++) {
        if (files[f].fd >= 0) close(files[f].fd);
        if (files[f].path[0]) unlink(files[f].path);
    }
    if (!deep_root[0]) return;
    char path[512];
    for (int depth = (int)(sizeof deep_dirs / sizeof deep_dirs[0]); depth > 0; depth--) {
        size_t used = (size_t)snprintf(path, sizeof path, "%s", deep_root);
        for (int k = 0; k < depth; k++) used += (size_t)snprintf(path + used, sizeof path - used, "/%s", deep_dirs[k]);
        rmdir(path);
    }
    rmdir(deep_root);
}

int random_main(int argc, char **argv) {
    int ok_seed, ok_count, ok_pause = 1;
    if (argc < 3 || argc > 4) {
        wl_line(2, "usage: vmscope-workload random SEED COUNT [PAUSE_EVERY]");
        return 64;
    }
    uint64_t seed = wl_number(argv[1], &ok_seed);
    unsigned long count = (unsigned long)wl_number(argv[2], &ok_count);
    unsigned long pause_every = argc > 3 ? (unsigned long)wl_number(argv[3], &ok_pause) : 16;
    if (!ok_seed || !ok_count || !ok_pause) {
        wl_line(2, "vmscope-workload random: SEED, COUNT and PAUSE_EVERY are whole numbers (PAUSE_EVERY 0: never pause)");
        return 64;
    }
    rng = seed;
    for (int f = 0; f < FILES; f++) files[f].fd = -1;
    if (setup_files() != 0) {
        wl_line(2, "vmscope-workload random: cannot create scratch files (%s): %s", files[0].path, strerror(errno));
        remove_files();
        return 73;
    }
    heap_base = heap_top = (uintptr_t)sbrk(0);
    uint64_t began = wl_now_ns();
    unsigned long next_pause = pause_every;
    const char *check_env = getenv("VMSCOPE_WORKLOAD_CHECK");
    int checking = check_env != NULL && strcmp(check_env, "1") == 0;
    unsigned long checked_at = 0;

    while (calls < count) {
        // Percent ranges: [0, 33) add mappings and are skipped while crowded; the rest work on
        // what is there (or on the break).
        int crowded = entries >= SOFT_ENTRIES || mapped_bytes() >= MAX_MAPPED;
        uint64_t r = below(100);
        if (entries == 0) r = below(33);                 /* something to work on */
        else if (crowded && r < 33) r = 33 + below(67);
        if (r < 20) do_mmap_anon(0);
        else if (r < 23) do_mmap_anon(1);
        else if (r < 33) do_mmap_file();
        else if (r < 37) do_brk_up();
        else if (r < 40) do_brk_down();
        else if (r < 46) do_mmap_fixed();
        else if (r < 49) do_mmap_noreplace();
        else if (r < 57) do_munmap_whole();
        else if (r < 64) do_munmap_part();
        else if (r < 76) do_mprotect();
        else if (r < 80) do_mremap_grow_in_place();
        else if (r < 84) do_mremap_shrink();
        else if (r < 89) do_mremap_maymove();
        else if (r < 93) do_mremap_fixed();
        else if (r < 97) do_madvise();
        else do_invalid();
        if (checking && calls != checked_at) { self_check(); checked_at = calls; }
        if (entries && chance(40)) touch_some(random_entry());
        if (pause_every && calls >= next_pause) {
            next_pause = calls + pause_every;
            usleep((useconds_t)(1000 + below(4000)));
            pauses++;
        }
        if (entries >= MAX_ENTRIES - 4) do_munmap_whole(); /* never run out of table */
    }

    // Give everything back: the table's mappings, the heap, the files.
    unsigned long loop_calls = calls;
    while (entries > 0) {
        struct entry e = table[entries - 1];
        if (munmap((void *)e.start, e.len) != 0) outcome("final munmap", 0, 1, errno);
        forget(e.start, e.len);
    }
    if (heap_top != heap_base && brk((void *)heap_base) != 0) outcome("final brk", 0, 1, errno);
    remove_files();
    uint64_t elapsed = wl_now_ns() - began;

    wl_line(1, "{\"mode\":\"random\",\"pid\":%d,\"seed\":%llu,\"count\":%lu,\"calls\":%lu,\"failures\":%lu,"
               "\"expected_failures\":%lu,\"unexpected_failures\":%lu,\"mmap\":%lu,\"mmap_fixed\":%lu,"
               "\"mmap_fixed_noreplace\":%lu,\"munmap\":%lu,\"mprotect\":%lu,\"mremap\":%lu,\"brk\":%lu,"
               "\"madvise\":%lu,\"touches\":%lu,\"pauses\":%lu,\"digest\":\"%016llx\",\"ns\":%llu%s%s%s}",
            getpid(), (unsigned long long)seed, count, loop_calls, failures, expected_failures, unexpected_failures,
            n_mmap, n_mmap_fixed, n_mmap_noreplace, n_munmap, n_mprotect, n_mremap, n_brk, n_madvise, touches,
            pauses, (unsigned long long)digest, (unsigned long long)elapsed,
            unexpected_failures ? ",\"first_unexpected\":\"" : "", unexpected_failures ? first_unexpected : "",
            unexpected_failures ? "\"" : "");
    return unexpected_failures ? 1 : 0;
}
