/*
 * The one record layout shared by the eBPF program (bpf/vmscope.bpf.c, compiled with
 * `-target bpf`) and Swift (through Sources/CProbe). Only <linux/types.h> types so the same
 * bytes mean the same thing on both sides; every field is naturally aligned and the structs
 * have no implicit padding.
 */
#ifndef VMSCOPE_H
#define VMSCOPE_H
#include <linux/types.h>

/* What a ring-buffer record describes. */
enum vmscope_kind {
    /* args[0] = requested break, aux = break before the call, ret = break after it.
     * Success when ret == requested; anything else is a refused brk. brk(0) is not sent. */
    VMSCOPE_EV_BRK = 1,
    /* args = addr hint, length, prot, flags, fd, offset; ret = mapped address or -errno.
     * For successful file mappings the record is a vmscope_named_event with the path. */
    VMSCOPE_EV_MMAP = 2,
    /* args = addr, length; ret = 0 or -errno. */
    VMSCOPE_EV_MUNMAP = 3,
    /* args = old addr, old length, new length, flags, new addr; ret = new address or -errno. */
    VMSCOPE_EV_MREMAP = 4,
    /* args = addr, length, prot; ret = 0 or -errno. */
    VMSCOPE_EV_MPROTECT = 5,
    /* One rate-limited sample of a user page fault: args[0] = address, args[1] = error code. */
    VMSCOPE_EV_FAULT = 6,
    /* A watched process created a task: args[0] = child tid, args[1] = child tgid
     * (equal to the parent's tgid for a thread). VMSCOPE_F_FOLLOWED when the kernel side
     * added the child to the watched set. */
    VMSCOPE_EV_FORK = 7,
    /* execve succeeded: a vmscope_named_event, the name is bprm->filename (flat);
     * args[0] = the pid before exec (differs when a non-leader thread exec'd). */
    VMSCOPE_EV_EXEC = 8,
    /* The last thread of a watched group exited: args[0] = wait(2) status. */
    VMSCOPE_EV_EXIT = 9,
};

/* vmscope_event.flags */
#define VMSCOPE_F_NAMED       0x1u /* the record is a vmscope_named_event */
#define VMSCOPE_F_COMPONENTS  0x2u /* name holds path components, basename first, one per slot */
#define VMSCOPE_F_ROOTED      0x4u /* the component walk reached the root of the file's mount */
#define VMSCOPE_F_FOLLOWED    0x8u /* fork: the child was added to the watched set */

struct vmscope_event {
    __u64 timestamp;   /* bpf_ktime_get_ns(): CLOCK_MONOTONIC nanoseconds */
    __u32 tgid;
    __u32 tid;
    __u32 kind;        /* enum vmscope_kind */
    __u32 flags;       /* VMSCOPE_F_* */
    __s64 ret;         /* syscall result; -4095..-1 is -errno */
    __u64 aux;         /* kind-specific extra (old break for brk) */
    __u64 args[6];     /* kind-specific, see enum vmscope_kind */
};

/* File names: either one flat NUL-terminated string across the whole buffer
 * (no VMSCOPE_F_COMPONENTS), or up to VMSCOPE_NAME_SLOTS dentry names, basename in slot 0,
 * its parent in slot 1 and so on, each NUL-terminated within its slot (an empty slot ends
 * the list). Names longer than a slot are cut. */
#define VMSCOPE_NAME_SLOTS    6
#define VMSCOPE_NAME_SLOT_LEN 64
#define VMSCOPE_NAME_LEN      (VMSCOPE_NAME_SLOTS * VMSCOPE_NAME_SLOT_LEN)

struct vmscope_named_event {
    struct vmscope_event event;
    char name[VMSCOPE_NAME_LEN];
};

/* Page faults are counted in the kernel per (tgid, address >> VMSCOPE_FAULT_BUCKET_SHIFT) in
 * the hash map `fault_counts` (key vmscope_fault_key, value __u64 count); userspace drains it. */
#define VMSCOPE_FAULT_BUCKET_SHIFT 16
#define VMSCOPE_FAULT_BUCKETS      65536

struct vmscope_fault_key {
    __u32 tgid;
    __u32 pad;         /* always 0 so keys compare bytewise */
    __u64 bucket;      /* address >> VMSCOPE_FAULT_BUCKET_SHIFT */
};

/* The single entry of the array map `config`, written by userspace at any time. */
struct vmscope_config {
    __u32 follow_children;   /* nonzero: forks of watched processes are watched too */
    __u32 pad;
    __u64 fault_sample_ns;   /* minimum gap between fault samples per tgid; 0 = default 1 ms */
};

/* Indices of the per-CPU array map `drops` (__u64 each, summed over CPUs). */
#define VMSCOPE_DROP_RINGBUF     0  /* bpf_ringbuf_reserve failed: the buffer was full */
#define VMSCOPE_DROP_FAULT_MAP   1  /* fault_counts was full: those faults went uncounted */
#define VMSCOPE_DROP_SLOTS       2

/* Map sizes userspace may rely on. */
#define VMSCOPE_RINGBUF_BYTES    (4u << 20)
#define VMSCOPE_WAKEUP_BYTES     (256u << 10) /* force a wakeup once this much is waiting */
#define VMSCOPE_MAX_WATCHED      4096

#endif
