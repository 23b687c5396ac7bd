#ifndef CPROBE_H
#define CPROBE_H
#include <stdint.h>
#include "../../../bpf/vmscope.h"

/* Atomic operations on the watched bitmap, which userspace shares with the kernel side through
 * mmap (bpf/vmscope.h, `watch_bits`): the kernel sets and clears bits of the same words. */
static inline void cprobe_atomic_or(uint64_t *word, uint64_t bits) {
    __atomic_fetch_or(word, bits, __ATOMIC_SEQ_CST);
}

static inline void cprobe_atomic_and(uint64_t *word, uint64_t bits) {
    __atomic_fetch_and(word, bits, __ATOMIC_SEQ_CST);
}

static inline uint64_t cprobe_atomic_load(uint64_t *word) {
    return __atomic_load_n(word, __ATOMIC_SEQ_CST);
}
#endif
