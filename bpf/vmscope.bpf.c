// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope's kernel side: follows the memory system calls, user page faults and the
 * fork/exec/exit of watched processes and hands them to userspace through one ring buffer.
 * At exec and at exit it also reads the whole address space (the VMA iterator), so userspace
 * gets the layout at the two moments no /proc read can catch.
 *
 * Only raw tracepoints are used (`raw_tp/`, and `tp_btf/` — the same hook with typed
 * arguments, which the hot programs read with plain loads instead of helper calls): on the
 * target machines tracefs need not be mounted (so `tp/` cannot be relied on) and fentry is
 * refused. Kernel structs are declared here with preserve_access_index (CO-RE) instead of a
 * generated vmlinux.h; libbpf relocates every field access against /sys/kernel/btf/vmlinux.
 *
 * Every program here runs for every process on the machine, so each first tests one bit of
 * the watched bitmap (an inlined array lookup) and returns. There is no sys_enter program: on
 * x86-64 the argument registers are still in pt_regs at sys_exit, and the few things a call
 * destroys (brk's old break, the extent shmdt and io_destroy remove) are kept beforehand in
 * per-process state, so a system call costs one program run, not two and a map round trip.
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>
#include "vmscope.h"

#define PAI __attribute__((preserve_access_index))

/* ---- the few kernel types we read (only the fields used; libbpf finds them by name) ---- */

/* x86-64 calls take di, si, dx, r10, r8, r9; i386 (compat) calls bx, cx, dx, si, di, bp. */
struct pt_regs {
    unsigned long di, si, dx, r10, r8, r9, orig_ax;
    unsigned long bx, cx, bp;
    unsigned long ip, sp;
} PAI;

/* mm/internal.h: what vm_unmapped_area() was asked to find. */
struct vm_unmapped_area_info {
    unsigned long flags;
    unsigned long length;
    unsigned long low_limit;
    unsigned long high_limit;
    unsigned long align_mask;
    unsigned long align_offset;
} PAI;

struct vm_operations_struct;

struct vm_special_mapping {
    const char *name;
} PAI;

struct kioctx {
    unsigned long user_id;   /* the ring's address, which is the aio context id */
    unsigned long mmap_size; /* the ring mapping's length: what io_destroy unmaps */
} PAI;

struct kioctx_table {
    unsigned int nr;
    struct kioctx *table[];
} PAI;

struct mm_struct {
    unsigned long start_brk, brk, start_stack;
    struct {
        unsigned long flags; /* MM_CONTEXT_* bits (x86) */
        void *vdso;          /* where the vDSO is mapped (x86) */
    } context;
    struct kioctx_table *ioctx_table;
} PAI;

struct vms_atomic {
    int counter;
} PAI;

struct signal_struct {
    struct vms_atomic live;       /* atomic_t: threads not yet past do_exit's group_dead test */
} PAI;

struct qstr {
    const unsigned char *name;
} PAI;

struct hlist_bl_node {
    struct hlist_bl_node *next, **pprev;
} PAI;

struct dentry {
    struct hlist_bl_node d_hash;
    struct dentry *d_parent;
    struct qstr d_name;
} PAI;

struct vfsmount {
    struct dentry *mnt_root;
} PAI;

/* fs/mount.h: the vfsmount is embedded; mnt_mountpoint is where this mount sits in its parent. */
struct mount {
    struct mount *mnt_parent;
    struct dentry *mnt_mountpoint;
    struct vfsmount mnt;
} PAI;

struct path {
    struct vfsmount *mnt;
    struct dentry *dentry;
} PAI;

struct super_block {
    __u32 s_dev;
} PAI;

struct inode {
    struct super_block *i_sb;
    unsigned long i_ino;
    long long i_size;
} PAI;

struct file {
    struct path f_path;
    struct inode *f_inode;
} PAI;

struct vm_area_struct {
    unsigned long vm_start, vm_end;
    unsigned long vm_flags;
    unsigned long vm_pgoff;
    struct file *vm_file;
    void *vm_private_data;
    const struct vm_operations_struct *vm_ops;
} PAI;

struct fdtable {
    unsigned int max_fds;
    struct file **fd;
} PAI;

struct files_struct {
    struct fdtable *fdt;
} PAI;

/* x86: `status` carries TS_COMPAT while a 32-bit syscall runs, whose numbers differ. */
struct thread_info {
    __u32 status;
} PAI;

struct task_struct {
    struct thread_info thread_info;
    int pid;
    int tgid;
    int exit_code;
    struct mm_struct *mm;
    struct signal_struct *signal;
    struct files_struct *files;
} PAI;

struct linux_binprm {
    const char *filename;
} PAI;

/* The open-coded VMA iterator (kernel/bpf/task_iter.c); it takes the mmap lock for reading
 * with a trylock, so `new` can fail with -EBUSY, and `destroy` must always follow `new`. */
struct bpf_iter_task_vma {
    __u64 __opaque[1];
} __attribute__((aligned(8)));

extern int bpf_iter_task_vma_new(struct bpf_iter_task_vma *it, struct task_struct *task,
                                 __u64 addr) __weak __ksym;
extern struct vm_area_struct *bpf_iter_task_vma_next(struct bpf_iter_task_vma *it) __weak __ksym;
extern void bpf_iter_task_vma_destroy(struct bpf_iter_task_vma *it) __weak __ksym;
/* The numbers iterator: a loop the verifier checks until its states converge, not once per
 * iteration as it does a loop with a constant bound. */
struct bpf_iter_num {
    __u64 __opaque[1];
} __attribute__((aligned(8)));

extern int bpf_iter_num_new(struct bpf_iter_num *it, int start, int end) __weak __ksym;
extern int *bpf_iter_num_next(struct bpf_iter_num *it) __weak __ksym;
extern void bpf_iter_num_destroy(struct bpf_iter_num *it) __weak __ksym;

/* Used only by vmscope_attach (a BPF_PROG_TYPE_SYSCALL program, where these are allowed). */
struct bpf_iter_task {
    __u64 __opaque[3];
} __attribute__((aligned(8)));

extern struct task_struct *bpf_task_from_pid(__s32 pid) __weak __ksym;
extern void bpf_task_release(struct task_struct *p) __weak __ksym;
extern int bpf_iter_task_new(struct bpf_iter_task *it, struct task_struct *task,
                             unsigned int flags) __weak __ksym;
extern struct task_struct *bpf_iter_task_next(struct bpf_iter_task *it) __weak __ksym;
extern void bpf_iter_task_destroy(struct bpf_iter_task *it) __weak __ksym;
extern void bpf_rcu_read_lock(void) __weak __ksym;
extern void bpf_rcu_read_unlock(void) __weak __ksym;
#define BPF_TASK_ITER_PROC_THREADS 2

/* ---- constants (x86-64) ---- */

#define NR_MMAP          9
#define NR_MPROTECT      10
#define NR_MUNMAP        11
#define NR_BRK           12
#define NR_MREMAP        25
#define NR_MADVISE       28
#define NR_SHMAT         30
#define NR_EXECVE        59
#define NR_SHMDT         67
#define NR_MLOCK         149
#define NR_MUNLOCK       150
#define NR_MLOCKALL      151
#define NR_MUNLOCKALL    152
#define NR_IO_SETUP      206
#define NR_IO_DESTROY    207
#define NR_EXECVEAT      322
#define NR_MLOCK2        325
#define NR_PKEY_MPROTECT 329
#define NR_MSEAL         462
#define NR_FOLLOWED_LIMIT 512 /* every followed call's number is below this */

/* The same calls in the i386 (compat) table: other numbers, and three calls x86-64 has no
 * equivalent of: the old one-argument mmap (arguments in a struct in user memory), mmap2
 * (offset in pages) and the System V IPC multiplexer ipc(2) (shmat/shmdt through it). */
#define NR32_EXECVE        11
#define NR32_BRK           45
#define NR32_OLD_MMAP      90
#define NR32_MUNMAP        91
#define NR32_IPC           117
#define NR32_MPROTECT      125
#define NR32_MLOCK         150
#define NR32_MUNLOCK       151
#define NR32_MLOCKALL      152
#define NR32_MUNLOCKALL    153
#define NR32_MREMAP        163
#define NR32_MMAP2         192
#define NR32_MADVISE       219
#define NR32_IO_SETUP      245
#define NR32_IO_DESTROY    246
#define NR32_EXECVEAT      358
#define NR32_MLOCK2        376
#define NR32_PKEY_MPROTECT 380
#define NR32_SHMAT         397
#define NR32_SHMDT         398
#define NR32_MSEAL         462
#define IPC_CALL_SHMAT     21  /* ipc(2)'s `call` (low 16 bits; the high ones are a version) */
#define IPC_CALL_SHMDT     22
#define VM_UNMAPPED_AREA_TOPDOWN 1

#define TS_COMPAT 0x0002
#define MM_CONTEXT_HAS_VSYSCALL_MASK 0x2 /* bit 1 of mm->context.flags, old and new kernels */

#define PAGE_SHIFT 12
#define PAGE_SIZE (1ul << PAGE_SHIFT)
#define MAP_ANONYMOUS 0x20
#define ESRCH 3
#define EBUSY 16
#define EEXIST 17
#define DEFAULT_FAULT_SAMPLE_NS 1000000ull

char LICENSE[] SEC("license") = "GPL";

/* Bit n & 63 of FOLLOWED_n>>6 set: system call n (x86-64) is followed. Immediates, so the
 * test reads no memory. */
#define BIT_OF(nr) (1ull << ((nr) & 63))
#define FOLLOWED_0 (BIT_OF(NR_MMAP) | BIT_OF(NR_MPROTECT) | BIT_OF(NR_MUNMAP) | BIT_OF(NR_BRK) | \
                    BIT_OF(NR_MREMAP) | BIT_OF(NR_MADVISE) | BIT_OF(NR_SHMAT) | BIT_OF(NR_EXECVE))
#define FOLLOWED_1 BIT_OF(NR_SHMDT)
#define FOLLOWED_2 (BIT_OF(NR_MLOCK) | BIT_OF(NR_MUNLOCK) | BIT_OF(NR_MLOCKALL) | BIT_OF(NR_MUNLOCKALL))
#define FOLLOWED_3 (BIT_OF(NR_IO_SETUP) | BIT_OF(NR_IO_DESTROY))
#define FOLLOWED_5 (BIT_OF(NR_EXECVEAT) | BIT_OF(NR_MLOCK2) | BIT_OF(NR_PKEY_MPROTECT))
#define FOLLOWED_7 BIT_OF(NR_MSEAL)
#define FOLLOWED32_0 (BIT_OF(NR32_EXECVE) | BIT_OF(NR32_BRK))
#define FOLLOWED32_1 (BIT_OF(NR32_OLD_MMAP) | BIT_OF(NR32_MUNMAP) | BIT_OF(NR32_IPC) | BIT_OF(NR32_MPROTECT))
#define FOLLOWED32_2 (BIT_OF(NR32_MLOCK) | BIT_OF(NR32_MUNLOCK) | BIT_OF(NR32_MLOCKALL) | \
                      BIT_OF(NR32_MUNLOCKALL) | BIT_OF(NR32_MREMAP))
#define FOLLOWED32_3 (BIT_OF(NR32_MMAP2) | BIT_OF(NR32_MADVISE) | BIT_OF(NR32_IO_SETUP) | BIT_OF(NR32_IO_DESTROY))
#define FOLLOWED32_5 (BIT_OF(NR32_EXECVEAT) | BIT_OF(NR32_MLOCK2) | BIT_OF(NR32_PKEY_MPROTECT))
#define FOLLOWED32_6 (BIT_OF(NR32_SHMAT) | BIT_OF(NR32_SHMDT))
#define FOLLOWED32_7 BIT_OF(NR32_MSEAL)

/* ---- maps and globals (names are the userspace contract, see vmscope.h) ---- */

/* The watched bitmap (vmscope_watch_word): userspace maps it (BPF_F_MMAPABLE) and flips bits
 * with atomic operations; lookups of an array map are inlined by the verifier. */
struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(map_flags, BPF_F_MMAPABLE);
    __uint(max_entries, VMSCOPE_WATCH_WORDS);
    __type(key, __u32);
    __type(value, struct vmscope_watch_word);
} watch_bits SEC(".maps");

/* The first test of the hot programs, before the tgid is even read (the task's pid/tgid line
 * is usually cold at a fault or a system call's exit, its mm pointer is not): one bit per
 * address space that ever belonged to a watched process, bit (address >> 6) & 32767 of its
 * mm_struct (low 32 bits). A clear bit means "not watched"; a set one sends the program on to
 * the exact test, the bitmap. Bits are only ever set (atomic or: attach, a followed fork, an
 * exec), so no update can race another; a bit left by a process that is gone costs the one
 * that inherits it the bitmap test, nothing else. A small array map is kmalloc'ed (direct-mapped
 * memory), unlike the 1 MiB bitmap. */
struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, VMSCOPE_MM_FILTER_WORDS);
    __type(key, __u32);
    __type(value, __u64);
} mm_filter SEC(".maps");

/* tgid -> struct vmscope_process, for watched processes only. Userspace creates the entry of a
 * command it starts (and vmscope_attach that of a running process); the kernel side creates a
 * followed child's and removes a group's at its exit. */
struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, VMSCOPE_MAX_WATCHED);
    __type(key, __u32);
    __type(value, struct vmscope_process);
} processes SEC(".maps");

/* (tgid, kind, address) -> extent length: see vmscope_attachment_key. LRU: entries of groups
 * that ended without detaching age out. */
struct {
    __uint(type, BPF_MAP_TYPE_LRU_HASH);
    __uint(max_entries, VMSCOPE_MAX_ATTACHMENTS);
    __type(key, struct vmscope_attachment_key);
    __type(value, __u64);
} attachments SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, VMSCOPE_RINGBUF_BYTES);
} events SEC(".maps");

/* Not preallocated: 65 536 preallocated entries cost 2 ms each to create at every start, and a
 * bucket is only inserted when a run of faults ends. */
struct fault_count_map {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(map_flags, BPF_F_NO_PREALLOC);
    __uint(max_entries, VMSCOPE_FAULT_BUCKETS);
    __type(key, struct vmscope_fault_key);
    __type(value, __u64);
} fault_counts_a SEC(".maps"), fault_counts_b SEC(".maps");

/* Used by userspace only, to wait for the programs still counting into a generation it flipped
 * away from: an update of an array of maps returns after an RCU grace period. Left empty at
 * load (filling it there would make every start wait for a grace period per slot); programs
 * pick the generation's map by name. */
struct {
    __uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
    __uint(max_entries, 1);
    __type(key, __u32);
    __array(values, struct fault_count_map);
} fault_grace SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 2);
    __type(key, __u32);
    __type(value, struct vmscope_fault_run);
} fault_runs SEC(".maps");

/* The generation faults count into, flipped by userspace (map `.data.faultgen`). */
volatile __u32 fault_generation SEC(".data.faultgen") = 0;

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, VMSCOPE_DROP_SLOTS);
    __type(key, __u32);
    __type(value, __u64);
} drops SEC(".maps");

/* When this CPU last sent a fault sample, and for which process: a sample is sent when the
 * CPU sent none for `fault_sample_ns`, or its last one was another process's. Per CPU, so a
 * fault never writes shared memory for it (the per-process clock it replaces was a hash
 * lookup per fault). */
struct fault_sample_clock {
    __u64 last;        /* monotonic time of the last sample */
    __u64 last_tick;   /* jiffies when the clock was last read */
    __u32 tgid;        /* whose fault the last sample was */
    __u32 pad;
};

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, struct fault_sample_clock);
} fault_sample SEC(".maps");

/* Where records of variable length (a name, a user stack) are assembled before
 * bpf_ringbuf_output copies exactly their length into the ring (a reserve needs a constant
 * size). Per CPU: none of these programs can interrupt another on the same CPU
 * (page_fault_user fires for user-mode faults only). */
#define SCRATCH_BYTES 2048
struct scratch {
    __u8 bytes[SCRATCH_BYTES];
    /* VMAs sent so far by the layout walk. Kept in map memory rather than a register: the
     * verifier does not track its value, so the iterator loop's states converge instead of
     * being explored once per possible count. */
    __u32 layout_count;
    __u32 pad;
};
/* A file mmap's stack capture writes one frame more than it keeps (see put_stack). */
_Static_assert(sizeof(struct vmscope_file_mmap_record) + VMSCOPE_STACK_TAIL_MAX + 8 + VMSCOPE_NAME_MAX <= SCRATCH_BYTES,
               "scratch");
_Static_assert(sizeof(struct vmscope_vma_record) + VMSCOPE_NAME_MAX <= SCRATCH_BYTES, "scratch");

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, struct scratch);
} scratch SEC(".maps");

/* Userspace's settings (map `.data.config`): plain loads, no lookup. */
struct vmscope_config config SEC(".data.config") = {};

/* The `.bss` map: read by userspace (tests, benchmarks). */
struct vmscope_kernel_counters counters = {};

/* ---- helpers ---- */

static __always_inline void count_drop(__u32 slot)
{
    __u64 *n = bpf_map_lookup_elem(&drops, &slot);
    if (n)
        *n += 1; /* per-CPU slot: no other writer */
}

static __always_inline struct vmscope_watch_word *watch_word(__u32 tgid)
{
    __u32 index = tgid >> 6;
    return bpf_map_lookup_elem(&watch_bits, &index);
}

static __always_inline __u64 watch_bit(__u32 tgid)
{
    return 1ull << (tgid & 63);
}

/* Whether what `tgid` does is reported: it is watched, and not a command awaiting its exec
 * (until then it is a copy of vmscope). The test of the fault, gap-search and fork programs. */
static __always_inline int reported(__u32 tgid)
{
    struct vmscope_watch_word *w = watch_word(tgid);
    if (!w)
        return 0;
    __u64 bit = watch_bit(tgid);
    return (w->watched & bit) && !(w->awaiting & bit);
}

/* The filter bit of an mm_struct whose address has these low 32 bits. */
static __always_inline __u32 mm_filter_bit(__u32 mm_low)
{
    return (mm_low >> 6) & (VMSCOPE_MM_FILTER_WORDS * 64 - 1);
}

/* The low 32 bits of a kernel pointer the verifier tracks as a pointer (tp_btf arguments,
 * bpf_get_current_task_btf's fields): a 32-bit register move, which a privileged program may
 * make, turns it into a number. */
static __always_inline __u32 pointer_low32(const void *p)
{
    __u32 low;
    asm volatile("%0 = %1" : "=w"(low) : "w"(p));
    return low;
}

/* Whether the current task's address space may belong to a watched process. */
static __always_inline int current_mm_maybe_watched(void)
{
    struct task_struct *task = bpf_get_current_task_btf();
    __u32 bit = mm_filter_bit(pointer_low32(task->mm));
    __u32 index = bit >> 6;
    __u64 *word = bpf_map_lookup_elem(&mm_filter, &index);
    return word && (*word >> (bit & 63)) & 1;
}

/* Marks an address space as possibly watched (before the bitmap bit is set). */
static __always_inline void mark_mm(__u64 mm)
{
    if (!mm)
        return;
    __u32 bit = mm_filter_bit((__u32)mm);
    __u32 index = bit >> 6;
    __u64 *word = bpf_map_lookup_elem(&mm_filter, &index);
    if (word)
        __sync_fetch_and_or(word, 1ull << (bit & 63));
}

/* Adds the process to the watched bitmap (from the kernel side: a followed child). */
static __always_inline void set_watched(__u32 tgid)
{
    struct vmscope_watch_word *w = watch_word(tgid);
    if (w)
        __sync_fetch_and_or(&w->watched, watch_bit(tgid));
}

/* A wakeup per record costs microseconds, and userspace drains on a timer anyway: so none
 * until VMSCOPE_WAKEUP_BYTES are waiting, and then at most one per VMSCOPE_WAKEUP_BYTES of
 * records produced, however long the reader takes (a reader that lags used to get a wakeup
 * with every record). The compare-and-swap makes one CPU the waker for each stretch. */
static __always_inline __u64 wakeup_flags(void)
{
    if (bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) < VMSCOPE_WAKEUP_BYTES)
        return BPF_RB_NO_WAKEUP;
    __u64 produced = bpf_ringbuf_query(&events, BPF_RB_PROD_POS);
    __u64 last = counters.wakeup_pos;
    if (produced - last < VMSCOPE_WAKEUP_BYTES)
        return BPF_RB_NO_WAKEUP;
    if (__sync_val_compare_and_swap(&counters.wakeup_pos, last, produced) != last)
        return BPF_RB_NO_WAKEUP;
    __sync_fetch_and_add(&counters.forced_wakeups, 1);
    return BPF_RB_FORCE_WAKEUP;
}

static __always_inline void submit(void *record)
{
    bpf_ringbuf_submit(record, wakeup_flags());
}

/* For the records that wake the reader at once whatever is waiting (an exec's layout end, an
 * exit), or not at all. */
static __always_inline void submit_waking(void *record, __u64 flags)
{
    if (flags == BPF_RB_FORCE_WAKEUP)
        __sync_fetch_and_add(&counters.event_wakeups, 1);
    bpf_ringbuf_submit(record, flags);
}

static __always_inline void *reserve(__u64 size)
{
    void *e = bpf_ringbuf_reserve(&events, size, 0);
    if (!e)
        count_drop(VMSCOPE_DROP_RINGBUF);
    return e;
}

/* Copies `size` bytes of the scratch record into the ring. */
static __always_inline void output(void *record, __u32 size, __u64 flags)
{
    if (size > SCRATCH_BYTES)
        return;
    if (bpf_ringbuf_output(&events, record, size, flags) != 0)
        count_drop(VMSCOPE_DROP_RINGBUF);
}

static __always_inline struct scratch *scratch_area(void)
{
    __u32 zero = 0;
    return bpf_map_lookup_elem(&scratch, &zero);
}

static __always_inline __u8 *scratch_buffer(void)
{
    struct scratch *s = scratch_area();
    return s ? s->bytes : 0;
}

static __always_inline void fill_header(struct vmscope_header *h, __u32 kind, __u64 pid_tgid,
                                        __u64 timestamp)
{
    h->timestamp = timestamp;
    h->tgid = pid_tgid >> 32;
    h->tid = (__u32)pid_tgid;
    h->kind = kind;
    h->flags = 0;
}

/* Whether bit nr of the 512-bit set b0..b7 (64 numbers each; b4 is empty for both tables) is
 * set. Inlined with constant sets, every test is against an immediate. */
static __always_inline int in_call_set(long nr, __u64 b0, __u64 b1, __u64 b2, __u64 b3, __u64 b5,
                                       __u64 b6, __u64 b7)
{
    __u64 bits;
    if ((unsigned long)nr < 64)
        bits = b0;
    else if (nr < 128)
        bits = b1;
    else if (nr < 192)
        bits = b2;
    else if (nr < 256)
        bits = b3;
    else if (nr >= 320 && nr < 384)
        bits = b5;
    else if (nr >= 384 && nr < 448)
        bits = b6;
    else if (nr >= 448 && nr < 512)
        bits = b7;
    else
        return 0;
    return (bits >> (nr & 63)) & 1;
}

/* x86-64 calls followed. */
static __always_inline int is_followed_call(long nr)
{
    return in_call_set(nr, FOLLOWED_0, FOLLOWED_1, FOLLOWED_2, FOLLOWED_3, FOLLOWED_5, 0, FOLLOWED_7);
}

/* The first test at sys_exit, before anything tells which table the number is from: followed
 * in either. An unwatched process's call costs the same one test as before; the few numbers
 * only the other table follows (x86-64's recvfrom is i386's brk) go on to the address-space
 * filter, a second cheap test. */
static __always_inline int is_followed_in_either_table(long nr)
{
    return in_call_set(nr, FOLLOWED_0 | FOLLOWED32_0, FOLLOWED_1 | FOLLOWED32_1, FOLLOWED_2 | FOLLOWED32_2,
                       FOLLOWED_3 | FOLLOWED32_3, FOLLOWED_5 | FOLLOWED32_5, FOLLOWED32_6,
                       FOLLOWED_7 | FOLLOWED32_7);
}

static __always_inline int is_exec_call(long nr)
{
    return nr == NR_EXECVE || nr == NR_EXECVEAT;
}

/* True inside a 32-bit (ia32) syscall, which is a property of the call, not of the process (a
 * 64-bit program can make one with int 0x80): its numbers mean other calls (9 is link, 11
 * execve) and its arguments are in other registers. A plain load from the first cache line of
 * the current task, which the syscall exit path has just read (tp_btf programs only). */
static __always_inline int in_compat_syscall(void)
{
    struct task_struct *task = bpf_get_current_task_btf();
    if (!bpf_core_field_exists(task->thread_info.status))
        return 0;
    return task->thread_info.status & TS_COMPAT;
}

/* Remembers an attachment's extent for its detach. */
static __always_inline void remember(__u32 tgid, __u32 kind, __u64 addr, __u64 len)
{
    struct vmscope_attachment_key key = {.tgid = tgid, .kind = kind, .addr = addr};
    if (bpf_map_update_elem(&attachments, &key, &len, BPF_ANY) == 0 && kind == VMSCOPE_ATTACH_SHM)
        __sync_fetch_and_add(&counters.shm_remembered, 1);
}

/* Takes a remembered extent (0 when none). */
static __always_inline __u64 take_remembered(__u32 tgid, __u32 kind, __u64 addr)
{
    struct vmscope_attachment_key key = {.tgid = tgid, .kind = kind, .addr = addr};
    __u64 *len = bpf_map_lookup_elem(&attachments, &key);
    if (!len)
        return 0;
    __u64 found = *len;
    bpf_map_delete_elem(&attachments, &key);
    return found;
}

static __always_inline int is_errno(long ret)
{
    return ret < 0 && ret >= -4095;
}

/* Writes the file's dentry names into the scratch buffer at `name_offset`, basename first,
 * each NUL-terminated, crossing mount points the way d_path does (mount root -> mountpoint in
 * the parent mount). Returns the bytes written | the record flags it implies << 16:
 * VMSCOPE_F_NAMED | VMSCOPE_F_COMPONENTS, VMSCOPE_F_ROOTED when the walk reached the root,
 * VMSCOPE_F_DELETED when the file is unlinked.
 *
 * A global (not inlined) function: the verifier checks it once on its own, instead of once per
 * call site and per state of the layout walk that calls it for every VMA. Hence the plain
 * integer arguments (a kernel pointer and an offset), and the scratch lookup inside. The walk
 * is a numbers iterator, not a loop with a constant bound: the verifier would follow a bounded
 * loop iteration by iteration, each with its own component count, length and flags (over a
 * hundred thousand instructions checked, in every program that calls this, at every load),
 * where the iterator's states converge after a few passes. */
#define SHORT_COMPONENT 64
__noinline int put_path(__u64 file_address, __u32 name_offset, __u32 want_deleted)
{
    struct file *file = (struct file *)file_address;
    __u8 *buf = scratch_buffer();
    if (!buf || name_offset > sizeof(struct vmscope_file_mmap_record) + VMSCOPE_STACK_TAIL_MAX)
        return 0;
    __u8 *name = buf + name_offset;
    struct dentry *d = BPF_CORE_READ(file, f_path.dentry);
    struct vfsmount *vfs = BPF_CORE_READ(file, f_path.mnt);
    struct mount *mnt = (struct mount *)((char *)vfs - bpf_core_field_offset(struct mount, mnt));
    __u32 used = 0;
    __u32 components = 0;
    __u32 f = VMSCOPE_F_NAMED | VMSCOPE_F_COMPONENTS;

    /* d_unlinked(): IS_ROOT(dentry) || d_unhashed(dentry); maps then adds " (deleted)". Two
     * more reads, so only for layouts (a mapped file's record has no use for it). */
    if (want_deleted && (BPF_CORE_READ(d, d_parent) == d || !BPF_CORE_READ(d, d_hash.pprev)))
        f |= VMSCOPE_F_DELETED;

    struct bpf_iter_num it;
    bpf_iter_num_new(&it, 0, VMSCOPE_NAME_COMPONENTS + 6);
    while (bpf_iter_num_next(&it)) {
        struct dentry *mnt_root = BPF_CORE_READ(mnt, mnt.mnt_root);
        if (d == mnt_root) {
            struct mount *parent = BPF_CORE_READ(mnt, mnt_parent);
            if (parent == mnt || !parent) {
                f |= VMSCOPE_F_ROOTED;
                break;
            }
            d = BPF_CORE_READ(mnt, mnt_mountpoint);
            mnt = parent;
            continue;
        }
        struct dentry *up = BPF_CORE_READ(d, d_parent);
        if (up == d || !up) {
            /* The root of a filesystem that is not mounted in our tree (memfd, shm, pipes). */
            f |= VMSCOPE_F_ROOTED;
            break;
        }
        if (components >= VMSCOPE_NAME_COMPONENTS || used >= VMSCOPE_NAME_BUDGET)
            break;
        const unsigned char *text = BPF_CORE_READ(d, d_name.name);
        /* The helper clears what the name leaves of the size it is given: most names fit in
         * 64 bytes, and only a name that fills them is read again at full length. */
        long n = bpf_probe_read_kernel_str(name + used, SHORT_COMPONENT, text);
        if (n == SHORT_COMPONENT)
            n = bpf_probe_read_kernel_str(name + used, VMSCOPE_COMPONENT_MAX, text);
        if (n <= 0)
            break;
        used += n;
        components++;
        d = up;
    }
    bpf_iter_num_destroy(&it);
    if (used > VMSCOPE_NAME_MAX)
        used = VMSCOPE_NAME_MAX;
    return (int)(used | (f << 16));
}

/* Splits put_path's result. */
static __always_inline __u32 put_path_length(int result) { return (__u32)result & 0xffff; }
static __always_inline __u32 put_path_flags(int result) { return (__u32)result >> 16; }

/* The file behind `fd` in the current task (still open at mmap's sys_exit), or 0. */
static __always_inline struct file *current_file(__u64 fd)
{
    struct task_struct *task = (struct task_struct *)bpf_get_current_task();
    struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
    if (!fdt)
        return 0;
    unsigned int max = BPF_CORE_READ(fdt, max_fds);
    if (fd >= max)
        return 0;
    struct file **table = BPF_CORE_READ(fdt, fd);
    struct file *file = 0;
    bpf_probe_read_kernel(&file, sizeof(file), &table[fd]);
    return file;
}

static __always_inline void put_file_id(struct vmscope_file_id *id, struct file *file)
{
    struct inode *inode = BPF_CORE_READ(file, f_inode);
    id->device = BPF_CORE_READ(inode, i_sb, s_dev);
    id->inode = BPF_CORE_READ(inode, i_ino);
}

/* The length of the aio ring mapped at `ctx_id` as the kernel knows it (kioctx->mmap_size,
 * what io_destroy unmaps); 0 when there is none. lookup_ioctx() finds the context through
 * the ring's first word (its index in mm->ioctx_table), but that user page need not be
 * present yet and cannot be faulted in here, so the table is searched for the context whose
 * user_id is ctx_id. The table starts with 4 slots and grows fourfold. */
#define AIO_TABLE_SCAN 64
static __always_inline __u64 aio_ring_length(__u64 ctx_id)
{
    struct task_struct *task = (struct task_struct *)bpf_get_current_task();
    struct kioctx_table *table = BPF_CORE_READ(task, mm, ioctx_table);
    if (!table)
        return 0;
    __u32 nr = BPF_CORE_READ(table, nr);
    struct kioctx **slots =
        (struct kioctx **)((char *)table + bpf_core_field_offset(struct kioctx_table, table));
    __u64 found = 0;
    struct bpf_iter_num it;
    int *i;
    bpf_iter_num_new(&it, 0, AIO_TABLE_SCAN);
    while ((i = bpf_iter_num_next(&it)) && *i < nr) {
        struct kioctx *ctx = 0;
        bpf_probe_read_kernel(&ctx, sizeof(ctx), &slots[*i]);
        if (ctx && BPF_CORE_READ(ctx, user_id) == ctx_id) {
            found = BPF_CORE_READ(ctx, mmap_size);
            break;
        }
    }
    bpf_iter_num_destroy(&it);
    return found;
}

/* The VMA containing or following `addr` in the current process, through `it` (which the
 * caller destroys); 0 when there is none or the mmap lock could not be taken. */
static __always_inline struct vm_area_struct *vma_from(struct bpf_iter_task_vma *it, __u64 addr)
{
    struct task_struct *task = bpf_get_current_task_btf();
    if (bpf_iter_task_vma_new(it, task, addr) != 0)
        return 0;
    return bpf_iter_task_vma_next(it);
}

/* ---- layouts ---- */

struct layout_facts {
    __u64 start_brk, brk, start_stack;
    __u64 special_ops; /* vm_ops of special mappings ([vdso], [vvar], ...), 0 if unknown */
};

/* Sends one VMA as /proc/PID/maps would show it (a lost record shows as a gap in the indices). */
static __always_inline void send_vma(struct vm_area_struct *vma, struct layout_facts *facts,
                                     __u64 pid_tgid, __u64 now, __u32 moment, __u32 index)
{
    __u8 *buf = scratch_buffer();
    if (!buf)
        return;
    struct vmscope_vma_record *r = (struct vmscope_vma_record *)buf;
    __u8 *name = buf + sizeof(*r);
    __u32 name_len = 0;

    fill_header(&r->h, VMSCOPE_EV_LAYOUT_VMA, pid_tgid, now);
    r->h.flags = moment;
    r->start = BPF_CORE_READ(vma, vm_start);
    r->end = BPF_CORE_READ(vma, vm_end);
    r->vm_flags = (__u32)BPF_CORE_READ(vma, vm_flags);
    r->index = index;
    r->offset = 0;
    r->file.device = 0;
    r->file.inode = 0;

    /* The order of get_vma_name() in fs/proc/task_mmu.c. */
    struct file *file = BPF_CORE_READ(vma, vm_file);
    if (file) {
        r->offset = BPF_CORE_READ(vma, vm_pgoff) << PAGE_SHIFT;
        put_file_id(&r->file, file);
        int walked = put_path((__u64)file, sizeof(*r), 1);
        name_len = put_path_length(walked);
        r->h.flags |= put_path_flags(walked);
    } else if (facts->special_ops && (__u64)BPF_CORE_READ(vma, vm_ops) == facts->special_ops) {
        struct vm_special_mapping *sm = BPF_CORE_READ(vma, vm_private_data);
        const char *text = BPF_CORE_READ(sm, name);
        long n = bpf_probe_read_kernel_str(name, VMSCOPE_COMPONENT_MAX, text);
        if (n > 0) {
            name_len = n;
            r->h.flags |= VMSCOPE_F_NAMED;
        }
    } else if (r->start < facts->brk && r->end > facts->start_brk) {
        r->h.flags |= VMSCOPE_F_HEAP;
    } else if (r->start <= facts->start_stack && r->end >= facts->start_stack) {
        r->h.flags |= VMSCOPE_F_STACK;
    }
    if (name_len > VMSCOPE_NAME_MAX)
        name_len = VMSCOPE_NAME_MAX;
    output(r, sizeof(*r) + name_len, BPF_RB_NO_WAKEUP);
}

/* Sends the current process's whole layout: one record per VMA in address order (at most
 * VMSCOPE_LAYOUT_MAX_VMAS), then an end record, all stamped `now`. `moment` is 0 (exec) or
 * VMSCOPE_F_EXIT_LAYOUT; `end_wakeup` is the end record's ring-buffer flag. */
static __always_inline void send_layout(__u64 pid_tgid, __u64 now, __u32 moment, __u64 end_wakeup)
{
    struct task_struct *task = bpf_get_current_task_btf();
    struct mm_struct *mm = BPF_CORE_READ(task, mm);
    struct layout_facts facts = {};
    struct bpf_iter_task_vma it;
    struct vm_area_struct *vma;
    __u32 count = 0;
    __u32 flags = moment;
    int err;

    facts.start_brk = BPF_CORE_READ(mm, start_brk);
    facts.brk = BPF_CORE_READ(mm, brk);
    facts.start_stack = BPF_CORE_READ(mm, start_stack);
    if (bpf_core_field_exists(mm->context.flags) &&
        (BPF_CORE_READ(mm, context.flags) & MM_CONTEXT_HAS_VSYSCALL_MASK))
        flags |= VMSCOPE_F_VSYSCALL;
    /* Special mappings share one vm_operations_struct (special_mapping_vmops), which is not
     * exported: learn it from the vDSO, which is always one. */
    if (bpf_core_field_exists(mm->context.vdso)) {
        __u64 vdso = (__u64)BPF_CORE_READ(mm, context.vdso);
        if (vdso) {
            struct vm_area_struct *v = vma_from(&it, vdso);
            if (v && BPF_CORE_READ(v, vm_start) <= vdso)
                facts.special_ops = (__u64)BPF_CORE_READ(v, vm_ops);
            bpf_iter_task_vma_destroy(&it);
        }
    }

    struct scratch *state = scratch_area();
    if (!state)
        return;
    state->layout_count = 0;
    err = bpf_iter_task_vma_new(&it, task, 0);
    if (err) {
        flags |= VMSCOPE_F_INCOMPLETE;
    } else {
        /* No VMA record wakes the reader: the end record (exec) or the exit record after it
         * does, at once. */
        while ((vma = bpf_iter_task_vma_next(&it))) {
            __u32 index = state->layout_count;
            if (index >= VMSCOPE_LAYOUT_MAX_VMAS) {
                flags |= VMSCOPE_F_INCOMPLETE;
                break;
            }
            send_vma(vma, &facts, pid_tgid, now, moment, index);
            state->layout_count = index + 1;
        }
    }
    bpf_iter_task_vma_destroy(&it);
    count = state->layout_count;

    struct vmscope_layout_end_record *e = reserve(sizeof(*e));
    if (!e)
        return;
    fill_header(&e->h, VMSCOPE_EV_LAYOUT_END, pid_tgid, now);
    e->h.flags = flags;
    e->count = count;
    e->error = err;
    submit_waking(e, end_wakeup);
}

/* ---- system calls ---- */

/* A record's header for the call `c` is exiting from: its ABI's flag (VMSCOPE_F_COMPAT for an
 * i386 call) and the variant it came through. */
struct call {
    __u64 a[6];        /* the arguments, in x86-64 order and meaning (see compat_call) */
    __u64 pid_tgid;
    void *ctx;         /* the program's context, for bpf_get_stack */
    struct pt_regs *regs; /* the user registers the call saved */
    __u32 flags;       /* header flags every record of this call carries */
    __u32 compat;      /* nonzero: an i386 call (32-bit user pointers and values) */
    __u32 stack;       /* nonzero: its record carries the user stack (config.user_stacks, and
                        * a call that has one: brk, mmap, munmap, mremap) */
    __u32 pad;
};

static __always_inline void fill_call_header(struct vmscope_header *h, __u32 kind, struct call *c, __u64 now)
{
    fill_header(h, kind, c->pid_tgid, now);
    h->flags = c->flags;
}

/* How far above the stack pointer the innermost frame pointer may be: the frames of the calls
 * in progress (the innermost function's locals), far less than this. */
#define STACK_FRAME_SPAN (1ull << 20)

/* Appends the user call stack (a vmscope_stack and its addresses) to the record being built at
 * the start of the scratch buffer, whose fixed part is `offset` bytes, and marks its header;
 * returns the tail's length. bpf_get_stack is asked for one frame more than is kept, so a
 * stack of exactly VMSCOPE_STACK_MAX frames is not called truncated; it clears what the
 * frames leave of the buffer, which the name of a file mmap then overwrites. The records with
 * a stack are built in the scratch and copied at their exact length, because a ring-buffer
 * reservation has a constant size: reserving the largest would cost every record 264 bytes. */
static __always_inline __u32 put_stack(struct call *c, __u8 *buf, __u32 offset)
{
    struct vmscope_header *h = (struct vmscope_header *)buf;
    if (offset > sizeof(struct vmscope_file_mmap_record))
        return 0;
    struct vmscope_stack *s = (struct vmscope_stack *)(buf + offset);
    __u64 *ips = (__u64 *)(buf + offset + sizeof(*s));
    __u32 count;
    /* The walk starts at the frame pointer the call left in bp. Code built without frame
     * pointers (Debian's glibc, whose wrappers make most calls) uses bp as a plain register:
     * an address the kernel's walk faults on (costing it a page-fault fixup, most of a
     * microsecond, measured) or one that leads it through garbage. A frame pointer points a
     * little above the stack pointer, aligned: anything else gets frame 0 alone, read here. */
    __u64 sp = c->regs->sp, bp = c->regs->bp;
    int walk = !(bp < sp || bp - sp >= STACK_FRAME_SPAN || (bp & (c->compat ? 3 : 7)));
    if (!walk) {
        ips[0] = c->regs->ip;
        count = 1;
    } else {
        long bytes = bpf_get_stack(c->ctx, ips, (VMSCOPE_STACK_MAX + 1) * 8, BPF_F_USER_STACK);
        count = bytes > 0 ? (__u32)((__u64)bytes >> 3) : 0;
    }
    h->flags |= VMSCOPE_F_USER_STACK;
    if (count > VMSCOPE_STACK_MAX) {
        count = VMSCOPE_STACK_MAX;
        h->flags |= VMSCOPE_F_STACK_TRUNCATED;
    }
    s->count = count;
    s->sp = sp;
    s->bp = bp;
    /* The top of the user stack, for the CFI unwinding userspace does (see vmscope_stack).
     * Not for an i386 call (its CFI is another table; vmscope does not unwind it). When bp may
     * be a frame pointer, the unwinding stops at the frame that owns it, whose callees' return
     * addresses and saved registers all lie below bp: [sp, bp) is enough (a leaf wrapper's
     * caller's frame, not 512 bytes: each byte costs the copy and the ring). */
    __u32 window = VMSCOPE_STACK_WINDOW;
    if (walk && bp - sp < VMSCOPE_STACK_WINDOW)
        window = (__u32)(bp - sp) & (VMSCOPE_STACK_WINDOW - 1);
    /* A reader that has fallen behind (a storm) would lose records if each also carried up to
     * 512 bytes of stack: past an eighth of the ring waiting, the records go without their
     * windows (userspace then keeps frame 0 and the kernel's chain, marked as possibly skipping
     * a caller) until it catches up. Every call is still delivered. */
    if (bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) > bpf_ringbuf_query(&events, BPF_RB_RING_SIZE) / 8) {
        window = 0;
        __sync_fetch_and_add(&counters.windows_dropped, 1);
    }
    if (window == 0 || c->compat || bpf_probe_read_user(buf + offset + sizeof(*s) + count * 8, window, (const void *)sp) != 0)
        window = 0;
    s->window = window;
    return sizeof(*s) + count * 8 + window;
}

static __always_inline void send_call_record(__u32 kind, __u64 pid_tgid, __u32 flags, __u64 now, long nr, long ret)
{
    struct vmscope_syscall_record *e = reserve(sizeof(*e));
    if (!e)
        return;
    fill_header(&e->h, kind, pid_tgid, now);
    e->h.flags = flags;
    e->ret = ret;
    e->nr = nr;
    e->pad = 0;
    submit(e);
}

static __always_inline void send_syscall_record(__u32 kind, __u64 pid_tgid, __u64 now, long nr, long ret)
{
    send_call_record(kind, pid_tgid, 0, now, nr, ret);
}

static __always_inline void fill_range(struct vmscope_range_record *e, __u32 kind, struct call *c, __u64 addr,
                                       __u64 len, long ret)
{
    fill_call_header(&e->h, kind, c, bpf_ktime_get_ns());
    e->addr = addr;
    e->len = len;
    e->ret = ret;
}

/* Every record with a stack takes the two paths explicitly (reserved, or built in the scratch)
 * rather than through one pointer that is either: the verifier would not know which kind of
 * memory a later submit is given. */
static __always_inline void send_range(__u32 kind, struct call *c, __u64 addr, __u64 len, long ret)
{
    if (c->stack) {
        __u8 *buf = scratch_buffer();
        if (!buf)
            return;
        struct vmscope_range_record *e = (struct vmscope_range_record *)buf;
        fill_range(e, kind, c, addr, len, ret);
        output(buf, sizeof(*e) + put_stack(c, buf, sizeof(*e)), wakeup_flags());
        return;
    }
    struct vmscope_range_record *e = reserve(sizeof(*e));
    if (!e)
        return;
    fill_range(e, kind, c, addr, len, ret);
    submit(e);
}

static __always_inline void send_range_arg(__u32 kind, struct call *c, __u64 addr, __u64 len,
                                           long ret, __u32 arg, __s32 arg2)
{
    struct vmscope_range_arg_record *e = reserve(sizeof(*e));
    if (!e)
        return;
    fill_call_header(&e->r.h, kind, c, bpf_ktime_get_ns());
    e->r.addr = addr;
    e->r.len = len;
    e->r.ret = ret;
    e->arg = arg;
    e->arg2 = arg2;
    submit(e);
}

static __always_inline void fill_mmap(struct vmscope_mmap_record *m, struct call *c, long ret)
{
    fill_call_header(&m->h, VMSCOPE_EV_MMAP, c, bpf_ktime_get_ns());
    m->addr = c->a[0];
    m->len = c->a[1];
    m->prot = c->a[2];
    m->flags = c->a[3];
    m->fd = c->a[4];
    m->offset = c->a[5];
    m->ret = ret;
    m->pad = 0;
}

/* An anonymous or failed mmap without a stack is reserved at its fixed size; a file mapping
 * or a stack makes it variable: fixed part (+ file identity), stack, name, in the scratch. */
static __always_inline void send_mmap(struct call *c, long ret)
{
    struct file *file = 0;
    if (!is_errno(ret) && !(c->a[3] & MAP_ANONYMOUS))
        file = current_file(c->a[4]);

    if (!file && !c->stack) {
        struct vmscope_mmap_record *m = reserve(sizeof(*m));
        if (!m)
            return;
        fill_mmap(m, c, ret);
        submit(m);
        return;
    }
    __u8 *buf = scratch_buffer();
    if (!buf)
        return;
    struct vmscope_file_mmap_record *r = (struct vmscope_file_mmap_record *)buf;
    fill_mmap(&r->m, c, ret);
    __u32 size = sizeof(r->m);
    if (file) {
        put_file_id(&r->file, file);
        size = sizeof(*r);
    }
    if (c->stack)
        size += put_stack(c, buf, size);
    if (file) {
        int walked = put_path((__u64)file, size, 0);
        __u32 name_len = put_path_length(walked);
        r->m.h.flags |= put_path_flags(walked);
        if (name_len > VMSCOPE_NAME_MAX)
            name_len = VMSCOPE_NAME_MAX;
        size += name_len;
    }
    output(buf, size, wakeup_flags());
}

static __always_inline void fill_mremap(struct vmscope_mremap_record *e, struct call *c, long ret)
{
    fill_call_header(&e->h, VMSCOPE_EV_MREMAP, c, bpf_ktime_get_ns());
    e->old_addr = c->a[0];
    e->old_len = c->a[1];
    e->new_len = c->a[2];
    e->flags = c->a[3];
    e->ret = ret;
    e->pad = 0;
}

static __always_inline void send_mremap(struct call *c, long ret)
{
    if (c->stack) {
        __u8 *buf = scratch_buffer();
        if (!buf)
            return;
        struct vmscope_mremap_record *e = (struct vmscope_mremap_record *)buf;
        fill_mremap(e, c, ret);
        output(buf, sizeof(*e) + put_stack(c, buf, sizeof(*e)), wakeup_flags());
        return;
    }
    struct vmscope_mremap_record *e = reserve(sizeof(*e));
    if (!e)
        return;
    fill_mremap(e, c, ret);
    submit(e);
}

/* brk: the old break is the one this process's state holds (from its previous brk, its exec,
 * its fork or vmscope_attach); brk(0) only teaches it. */
static __always_inline void send_brk(struct call *c, __u64 requested, long ret)
{
    __u32 tgid = c->pid_tgid >> 32;
    struct vmscope_process *p = bpf_map_lookup_elem(&processes, &tgid);
    /* Unknown only when attaching could not be done cleanly (see BPFProgram.addWatched): the
     * record then says the break did not move, and the next snapshot shows where it is. */
    __u64 old = (__u64)ret;
    if (p) {
        if (p->flags & VMSCOPE_P_BRK_KNOWN)
            old = p->last_brk;
        p->last_brk = (__u64)ret;  /* ret is the break after the call, refused or not */
        p->flags |= VMSCOPE_P_BRK_KNOWN;
    }
    if (requested == 0)
        return;
    /* A stack for a brk that moved the break or failed; one that left it where it was (asked
     * for the break it already had) changed nothing worth a stack. */
    if (c->stack && ((__u64)ret != old || (__u64)ret != requested)) {
        __u8 *buf = scratch_buffer();
        if (!buf)
            return;
        struct vmscope_brk_record *e = (struct vmscope_brk_record *)buf;
        fill_call_header(&e->h, VMSCOPE_EV_BRK, c, bpf_ktime_get_ns());
        e->requested = requested;
        e->old_break = old;
        e->ret = ret;
        output(buf, sizeof(*e) + put_stack(c, buf, sizeof(*e)), wakeup_flags());
        return;
    }
    struct vmscope_brk_record *e = reserve(sizeof(*e));
    if (!e)
        return;
    fill_call_header(&e->h, VMSCOPE_EV_BRK, c, bpf_ktime_get_ns());
    e->requested = requested;
    e->old_break = old;
    e->ret = ret;
    submit(e);
}

/* A failed execve/execveat. If sched_prepare_exec sent the start, only the failure follows (the
 * process is being killed); an exec that failed before replacing anything gets its start now,
 * with the failure's time: the image was never at risk. */
static __always_inline void send_exec_failed(struct call *c, long nr, long ret)
{
    __u32 tgid = c->pid_tgid >> 32;
    struct vmscope_process *p = bpf_map_lookup_elem(&processes, &tgid);
    int started = 0;
    if (p) {
        started = p->flags & VMSCOPE_P_EXEC_PREPARED;
        p->flags &= ~VMSCOPE_P_EXEC_PREPARED;
    }
    __u64 now = bpf_ktime_get_ns();
    if (!started)
        send_call_record(VMSCOPE_EV_EXEC_START, c->pid_tgid, c->flags, now, nr, 0);
    send_call_record(VMSCOPE_EV_EXEC_FAILED, c->pid_tgid, c->flags, now, nr, ret);
}

static __always_inline void send_shmat(struct call *c, long ret)
{
    __u64 len = 0;
    if (!is_errno(ret)) {
        struct bpf_iter_task_vma it;
        struct vm_area_struct *vma = vma_from(&it, ret);
        if (vma && BPF_CORE_READ(vma, vm_start) == (__u64)ret)
            len = BPF_CORE_READ(vma, vm_end) - (__u64)ret;
        bpf_iter_task_vma_destroy(&it);
        if (len)
            remember(c->pid_tgid >> 32, VMSCOPE_ATTACH_SHM, ret, len);
    }
    send_range_arg(VMSCOPE_EV_SHMAT, c, c->a[1], len, ret, c->a[2], c->a[0]);
}

static __always_inline void send_io_setup(struct call *c, long ret)
{
    __u64 ring = 0, len = 0;
    int read = -1;
    if (ret == 0) {
        /* The context id is written to *ctxp: an aio_context_t, or a u32 for an i386 call. */
        if (c->compat) {
            __u32 ring32 = 0;
            read = bpf_probe_read_user(&ring32, sizeof(ring32), (void *)c->a[1]);
            ring = ring32;
        } else {
            read = bpf_probe_read_user(&ring, sizeof(ring), (void *)c->a[1]);
        }
    }
    if (read == 0) {
        len = aio_ring_length(ring);
        if (len)
            remember(c->pid_tgid >> 32, VMSCOPE_ATTACH_AIO, ring, len);
    }
    send_range(VMSCOPE_EV_AIO_SETUP, c, ret == 0 ? ring : 0, len, ret);
}

/* The old i386 mmap's one argument points at this (all 32-bit; offset in bytes). */
struct old_mmap_args {
    __u32 addr, len, prot, flags, fd, offset;
};

/* An i386 call as the x86-64 call it does: its x86-64 number (-1 when it is none we follow),
 * its arguments in c->a in that call's order, and `ret` as that call would return it. The
 * registers are read as 32-bit values (what the kernel's ia32 wrappers take, whatever a 64-bit
 * program doing int 0x80 left in the upper halves), signed ones sign-extended. */
static __always_inline long compat_call(long nr, struct pt_regs *regs, struct call *c, long *ret)
{
    __u64 bx = (__u32)regs->bx, cx = (__u32)regs->cx, dx = (__u32)regs->dx;
    __u64 si = (__u32)regs->si, di = (__u32)regs->di, bp = (__u32)regs->bp;
    c->compat = 1;
    c->flags = VMSCOPE_F_COMPAT;
    c->a[0] = bx;
    c->a[1] = cx;
    c->a[2] = dx;
    c->a[3] = si;
    c->a[4] = di;
    c->a[5] = bp;
    switch (nr) {
    case NR32_BRK:
        return NR_BRK;
    case NR32_MMAP2:
        c->a[4] = (__u64)(__s64)(__s32)di; /* fd */
        c->a[5] = bp << PAGE_SHIFT;        /* the offset is in pages */
        c->flags |= VMSCOPE_F_MMAP2;
        return NR_MMAP;
    case NR32_OLD_MMAP: {
        /* The struct was just read by the call itself, so it is in memory (a failed read would
         * send a zero-length mmap, which the next snapshot shows as unexplained). */
        struct old_mmap_args m = {};
        bpf_probe_read_user(&m, sizeof(m), (void *)bx);
        c->a[0] = m.addr;
        c->a[1] = m.len;
        c->a[2] = m.prot;
        c->a[3] = m.flags;
        c->a[4] = (__u64)(__s64)(__s32)m.fd;
        c->a[5] = m.offset;
        c->flags |= VMSCOPE_F_OLD_MMAP;
        return NR_MMAP;
    }
    case NR32_MUNMAP:
        return NR_MUNMAP;
    case NR32_MPROTECT:
        return NR_MPROTECT;
    case NR32_MREMAP:
        return NR_MREMAP;
    case NR32_MADVISE:
        return NR_MADVISE;
    case NR32_MLOCK:
        return NR_MLOCK;
    case NR32_MUNLOCK:
        return NR_MUNLOCK;
    case NR32_MLOCKALL:
        return NR_MLOCKALL;
    case NR32_MUNLOCKALL:
        return NR_MUNLOCKALL;
    case NR32_MLOCK2:
        return NR_MLOCK2;
    case NR32_PKEY_MPROTECT:
        return NR_PKEY_MPROTECT;
    case NR32_MSEAL:
        return NR_MSEAL;
    case NR32_SHMAT:
        /* shmat(shmid, shmaddr, shmflg), returning the address, as on x86-64. */
        return NR_SHMAT;
    case NR32_SHMDT:
        return NR_SHMDT;
    case NR32_IPC: {
        /* ipc(call, first, second, third, ptr, fifth) */
        __u32 call = bx & 0xffff;
        c->flags |= VMSCOPE_F_IPC;
        if (call == IPC_CALL_SHMAT) {
            /* first = shmid, second = shmflg, ptr = shmaddr; the address goes to *third (a
             * 32-bit word) and the call returns 0. */
            c->a[0] = cx;
            c->a[1] = di;
            c->a[2] = dx;
            if (*ret == 0) {
                __u32 attached = 0;
                if (bpf_probe_read_user(&attached, sizeof(attached), (void *)si) == 0)
                    *ret = attached;
            }
            return NR_SHMAT;
        }
        if (call == IPC_CALL_SHMDT) {
            c->a[0] = di; /* ptr */
            return NR_SHMDT;
        }
        return -1; /* semaphores, messages, shmget/shmctl: no layout change */
    }
    case NR32_IO_SETUP:
        return NR_IO_SETUP;
    case NR32_IO_DESTROY:
        return NR_IO_DESTROY;
    case NR32_EXECVE:
        return NR_EXECVE;
    case NR32_EXECVEAT:
        return NR_EXECVEAT;
    }
    return -1;
}

/* sys_exit(regs, ret): every system call of every process ends here, so the call number is
 * tested first (against both tables), then the address-space filter and the watched bit;
 * everything else only for a watched process's memory calls. */
SEC("tp_btf/sys_exit")
int BPF_PROG(vmscope_sys_exit, struct pt_regs *regs, long ret)
{
    /* The saved registers are on the task's kernel stack, which the call just used: the call
     * number costs nothing to read and turns away every call that is not a memory call. */
    long nr = regs->orig_ax;
    if (!is_followed_in_either_table(nr))
        return 0;
    /* Read again (the same cache line): each range is_followed_call tested leaves the verifier
     * a number with bounds of its own, which the switch below makes precise, so it checked
     * everything from here once per range (the task->mm load alone costs it a search of the
     * kernel's BTF each time); a fresh read is one state. */
    nr = *(volatile long *)&regs->orig_ax;
    if (!current_mm_maybe_watched())
        return 0;
    __u64 pid_tgid = bpf_get_current_pid_tgid();
    __u32 tgid = pid_tgid >> 32;
    struct vmscope_watch_word *w = watch_word(tgid);
    if (!w)
        return 0;
    __u64 bit = watch_bit(tgid);
    if (!(w->watched & bit))
        return 0;

    struct call c;
    c.pid_tgid = pid_tgid;
    c.ctx = ctx;
    c.regs = regs;
    c.pad = 0;
    long result = ret;
    if (in_compat_syscall()) {
        nr = compat_call(nr, regs, &c, &result);
        if (nr < 0)
            return 0;
    } else {
        if (!is_followed_call(nr))
            return 0;
        c.compat = 0;
        c.flags = 0;
        c.a[0] = regs->di;
        c.a[1] = regs->si;
        c.a[2] = regs->dx;
        c.a[3] = regs->r10;
        c.a[4] = regs->r8;
        c.a[5] = regs->r9;
    }
    if ((w->awaiting & bit) && !is_exec_call(nr))
        return 0; /* still a copy of vmscope: its calls are not the command's */
    c.stack = config.user_stacks && (nr == NR_MMAP || nr == NR_MUNMAP || nr == NR_BRK || nr == NR_MREMAP);

    __u64 *a = c.a;
    switch (nr) {
    case NR_MMAP:
        send_mmap(&c, result);
        break;
    case NR_MUNMAP:
        send_range(VMSCOPE_EV_MUNMAP, &c, a[0], a[1], result);
        break;
    case NR_BRK:
        send_brk(&c, a[0], result);
        break;
    case NR_MREMAP:
        send_mremap(&c, result);
        break;
    case NR_MPROTECT:
        send_range_arg(VMSCOPE_EV_MPROTECT, &c, a[0], a[1], result, a[2], 0);
        break;
    case NR_PKEY_MPROTECT:
        send_range_arg(VMSCOPE_EV_PKEY_MPROTECT, &c, a[0], a[1], result, a[2], a[3]);
        break;
    case NR_MADVISE:
        send_range_arg(VMSCOPE_EV_MADVISE, &c, a[0], a[1], result, a[2], 0);
        break;
    case NR_MLOCK:
    case NR_MUNLOCK:
        send_range_arg(VMSCOPE_EV_MLOCK, &c, a[0], a[1], result, 0, nr);
        break;
    case NR_MLOCK2:
        send_range_arg(VMSCOPE_EV_MLOCK, &c, a[0], a[1], result, a[2], nr);
        break;
    case NR_MLOCKALL:
        send_range_arg(VMSCOPE_EV_MLOCK, &c, 0, 0, result, a[0], nr);
        break;
    case NR_MUNLOCKALL:
        send_range_arg(VMSCOPE_EV_MLOCK, &c, 0, 0, result, 0, nr);
        break;
    case NR_MSEAL:
        send_range_arg(VMSCOPE_EV_MSEAL, &c, a[0], a[1], result, a[2], 0);
        break;
    case NR_SHMAT:
        send_shmat(&c, result);
        break;
    case NR_SHMDT: {
        /* The attachment is gone by now: its extent is the one remembered at its shmat. */
        __u64 len = take_remembered(tgid, VMSCOPE_ATTACH_SHM, a[0]);
        send_range(VMSCOPE_EV_SHMDT, &c, a[0], is_errno(result) ? 0 : len, result);
        break;
    }
    case NR_IO_SETUP:
        send_io_setup(&c, result);
        break;
    case NR_IO_DESTROY: {
        __u64 len = take_remembered(tgid, VMSCOPE_ATTACH_AIO, a[0]);
        send_range(VMSCOPE_EV_AIO_DESTROY, &c, a[0], is_errno(result) ? 0 : len, result);
        break;
    }
    case NR_EXECVE:
    case NR_EXECVEAT:
        /* A successful exec returns 0 to the new image; its record is sched_process_exec's. */
        if (is_errno(result))
            send_exec_failed(&c, nr, result);
        break;
    }
    return 0;
}

/* vm_unmapped_area(info) -> addr: the kernel searched for a free range to place a mapping in
 * (mmap without MAP_FIXED, a moving mremap, shmat, io_setup, ...), inside the call whose
 * record follows from the same thread; userspace attaches the search to that record. Runs for
 * every process's placements, so the same filter as the others comes first. */
SEC("tp_btf/vm_unmapped_area")
int BPF_PROG(vmscope_gap_search, unsigned long addr, struct vm_unmapped_area_info *info)
{
    if (!current_mm_maybe_watched())
        return 0;
    __u64 pid_tgid = bpf_get_current_pid_tgid();
    __u32 tgid = pid_tgid >> 32;
    if (!reported(tgid))
        return 0;
    struct vmscope_gap_search_record *e = reserve(sizeof(*e));
    if (!e)
        return 0;
    fill_header(&e->h, VMSCOPE_EV_GAP_SEARCH, pid_tgid, bpf_ktime_get_ns());
    e->addr = addr;
    e->length = info->length;
    e->low_limit = info->low_limit;
    e->high_limit = info->high_limit;
    e->align_mask = info->align_mask;
    e->align_offset = info->align_offset;
    e->search_flags = (__u32)info->flags;
    e->pad = 0;
    submit(e);
    return 0;
}

/* ---- faults and process events ---- */

/* Adds a finished run of faults to its generation's count map. */
static __always_inline void add_fault_run(__u32 generation, struct vmscope_fault_run *run)
{
    void *counts = generation ? (void *)&fault_counts_b : (void *)&fault_counts_a;
    struct vmscope_fault_key key = {.tgid = run->tgid, .pad = 0, .bucket = run->bucket};
    __u64 *count = bpf_map_lookup_elem(counts, &key);
    if (count) {
        __sync_fetch_and_add(count, run->count);
        return;
    }
    long err = bpf_map_update_elem(counts, &key, &run->count, BPF_NOEXIST);
    if (err == -EEXIST) {
        /* Another CPU created the bucket between our lookup and insert. */
        count = bpf_map_lookup_elem(counts, &key);
        if (count)
            __sync_fetch_and_add(count, run->count);
    } else if (err) {
        count_drop(VMSCOPE_DROP_FAULT_MAP);
    }
}

/* page_fault_user(address, regs, error_code): counted per 64 KiB bucket in runs per CPU (see
 * vmscope.h), sampled per CPU. */
SEC("tp_btf/page_fault_user")
int BPF_PROG(vmscope_page_fault, unsigned long address, struct pt_regs *regs, unsigned long error_code)
{
    if (!current_mm_maybe_watched())
        return 0;
    __u64 pid_tgid = bpf_get_current_pid_tgid();
    __u32 tgid = pid_tgid >> 32;
    if (!reported(tgid))
        return 0;

    __u32 generation = fault_generation & 1;
    struct vmscope_fault_run *run = bpf_map_lookup_elem(&fault_runs, &generation);
    if (!run)
        return 0;
    __u64 bucket = address >> VMSCOPE_FAULT_BUCKET_SHIFT;
    __u64 before; /* the run's count before this fault */
    if (run->count && run->tgid == tgid && run->bucket == bucket) {
        before = run->count++;
    } else {
        if (run->count)
            add_fault_run(generation, run);
        run->tgid = tgid;
        run->bucket = bucket;
        run->count = 1;
        before = 0;
    }
    /* Only a run's first fault and every 64th after are candidates for a sample: a run of
     * faults in one bucket does not touch the clock (one cache line less per fault). */
    if (before & 63)
        return 0;

    /* Reading the monotonic clock costs some 40 ns on these machines, jiffies a few: within
     * one scheduler tick of this CPU's last look, the same process gets no sample and no clock
     * read; after that, the clock says whether fault_sample_ns have passed. */
    __u32 zero = 0;
    struct fault_sample_clock *clock = bpf_map_lookup_elem(&fault_sample, &zero);
    if (!clock)
        return 0;
    __u64 ticks = bpf_jiffies64();
    if (clock->tgid == tgid && ticks == clock->last_tick)
        return 0;
    clock->last_tick = ticks;
    __u64 now = bpf_ktime_get_ns();
    __u64 interval = config.fault_sample_ns ? config.fault_sample_ns : DEFAULT_FAULT_SAMPLE_NS;
    if (clock->tgid == tgid && now - clock->last < interval)
        return 0;
    clock->last = now;
    clock->tgid = tgid;

    struct vmscope_fault_record *e = reserve(sizeof(*e));
    if (!e)
        return 0;
    fill_header(&e->h, VMSCOPE_EV_FAULT, pid_tgid, now);
    e->addr = address;
    e->error_code = error_code;
    submit(e);
    return 0;
}

/* Copies a parent's remembered shm attachments to a followed child (fork copies the mappings;
 * aio rings are not inherited). */
struct bpf_map;
struct copy_attachments_ctx {
    __u32 parent;
    __u32 child;
};

static long copy_attachment(struct bpf_map *map, struct vmscope_attachment_key *key, __u64 *len,
                            struct copy_attachments_ctx *ctx)
{
    if (key->tgid == ctx->parent && key->kind == VMSCOPE_ATTACH_SHM) {
        struct vmscope_attachment_key copy = {.tgid = ctx->child, .kind = key->kind, .addr = key->addr};
        __u64 value = *len;
        bpf_map_update_elem(&attachments, &copy, &value, BPF_ANY);
    }
    return 0;
}

/* sched_process_fork(parent, child): every new task, threads included. */
SEC("raw_tp/sched_process_fork")
int vmscope_fork(struct bpf_raw_tracepoint_args *ctx)
{
    struct task_struct *parent = (struct task_struct *)ctx->args[0];
    struct task_struct *child = (struct task_struct *)ctx->args[1];
    __u32 parent_tgid = BPF_CORE_READ(parent, tgid);
    if (!reported(parent_tgid))
        return 0;
    __u32 child_tid = BPF_CORE_READ(child, pid);
    __u32 child_tgid = BPF_CORE_READ(child, tgid);

    __u32 flags = 0;
    if (child_tgid != parent_tgid && config.follow_children) {
        /* A followed child runs the parent's program: its faults are its own. It has not run
         * yet (the tracepoint fires before it is woken), so its break is the parent's copy. */
        struct vmscope_process fresh = {.flags = VMSCOPE_P_BRK_KNOWN};
        fresh.last_brk = BPF_CORE_READ(child, mm, brk);
        if (bpf_map_update_elem(&processes, &child_tgid, &fresh, BPF_NOEXIST) == 0) {
            mark_mm((__u64)BPF_CORE_READ(child, mm));
            set_watched(child_tgid);
            flags |= VMSCOPE_F_FOLLOWED;
            if (counters.shm_remembered) {
                struct copy_attachments_ctx copy = {.parent = parent_tgid, .child = child_tgid};
                bpf_for_each_map_elem(&attachments, copy_attachment, &copy, 0);
            }
        }
    }

    struct vmscope_fork_record *e = reserve(sizeof(*e));
    if (!e)
        return 0;
    fill_header(&e->h, VMSCOPE_EV_FORK,
                ((__u64)parent_tgid << 32) | (__u32)BPF_CORE_READ(parent, pid), bpf_ktime_get_ns());
    e->h.flags = flags;
    e->child_tid = child_tid;
    e->child_tgid = child_tgid;
    submit(e);
    return 0;
}

/* sched_prepare_exec(task, bprm): in begin_new_exec, right before the old image is torn down —
 * the moment from which the address space may change under a /proc read. */
SEC("raw_tp/sched_prepare_exec")
int vmscope_prepare_exec(struct bpf_raw_tracepoint_args *ctx)
{
    __u64 pid_tgid = bpf_get_current_pid_tgid();
    __u32 tgid = pid_tgid >> 32;
    struct vmscope_watch_word *w = watch_word(tgid);
    if (!w || !(w->watched & watch_bit(tgid)))
        return 0;
    struct vmscope_process *p = bpf_map_lookup_elem(&processes, &tgid);
    if (p)
        p->flags |= VMSCOPE_P_EXEC_PREPARED;
    struct pt_regs *regs = (struct pt_regs *)bpf_task_pt_regs(bpf_get_current_task_btf());
    long nr = regs ? BPF_CORE_READ(regs, orig_ax) : NR_EXECVE;
    send_syscall_record(VMSCOPE_EV_EXEC_START, pid_tgid, bpf_ktime_get_ns(), nr, 0);
    return 0;
}

/* sched_process_exec(task, old_pid, bprm): runs in the new program's context, once the new
 * image is built and before it runs an instruction. */
SEC("raw_tp/sched_process_exec")
int vmscope_exec(struct bpf_raw_tracepoint_args *ctx)
{
    __u64 pid_tgid = bpf_get_current_pid_tgid();
    __u32 tgid = pid_tgid >> 32;
    struct vmscope_watch_word *w = watch_word(tgid);
    if (!w)
        return 0;
    __u64 bit = watch_bit(tgid);
    if (!(w->watched & bit))
        return 0;
    /* From here on the process is the command, not a copy of vmscope. */
    if (w->awaiting & bit)
        __sync_fetch_and_and(&w->awaiting, ~bit);
    /* The new image's break; no exec is under way any more. */
    struct task_struct *task = (struct task_struct *)bpf_get_current_task();
    mark_mm((__u64)BPF_CORE_READ(task, mm)); /* the new address space */
    struct vmscope_process fresh = {.flags = VMSCOPE_P_BRK_KNOWN};
    fresh.last_brk = BPF_CORE_READ(task, mm, brk);
    bpf_map_update_elem(&processes, &tgid, &fresh, BPF_ANY);

    __u64 now = bpf_ktime_get_ns();
    __u8 *buf = scratch_buffer();
    if (buf) {
        struct vmscope_exec_record *e = (struct vmscope_exec_record *)buf;
        struct linux_binprm *bprm = (struct linux_binprm *)ctx->args[2];
        fill_header(&e->h, VMSCOPE_EV_EXEC, pid_tgid, now);
        e->h.flags = VMSCOPE_F_NAMED;
        e->old_pid = ctx->args[1];
        e->pad = 0;
        long n = bpf_probe_read_kernel_str(buf + sizeof(*e), VMSCOPE_NAME_MAX,
                                           BPF_CORE_READ(bprm, filename));
        __u32 name_len = n > 0 ? n : 0;
        if (name_len > VMSCOPE_NAME_MAX)
            name_len = VMSCOPE_NAME_MAX;
        output(e, sizeof(*e) + name_len, wakeup_flags());
    }
    /* The end of the layout wakes the reader: exec is rare and userspace acts on it at once. */
    send_layout(pid_tgid, now, 0, BPF_RB_FORCE_WAKEUP);
    return 0;
}

/* sched_process_exit(task[, group_dead]): sent once, for the last thread of the group. The
 * second argument only exists on newer kernels, so the group test reads signal->live, which
 * do_exit has already decremented for this thread on every kernel. The mm is still attached
 * here (6.x), so the exit layout is read first. */
SEC("raw_tp/sched_process_exit")
int vmscope_exit(struct bpf_raw_tracepoint_args *ctx)
{
    __u64 pid_tgid = bpf_get_current_pid_tgid();
    __u32 tgid = pid_tgid >> 32;
    struct vmscope_watch_word *w = watch_word(tgid);
    if (!w)
        return 0;
    __u64 bit = watch_bit(tgid);
    if (!(w->watched & bit))
        return 0;
    struct task_struct *task = (struct task_struct *)ctx->args[0];
    int live = BPF_CORE_READ(task, signal, live.counter);
    if (live != 0)
        return 0;
    int awaiting = (w->awaiting & bit) != 0;
    /* The group is gone: forget it so a reused pid is not followed by accident. */
    __sync_fetch_and_and(&w->watched, ~bit);
    if (awaiting)
        __sync_fetch_and_and(&w->awaiting, ~bit);
    bpf_map_delete_elem(&processes, &tgid);

    __u64 now = bpf_ktime_get_ns();
    /* A command that never exec'd exits as a copy of vmscope: that layout is not its own. */
    if (!awaiting)
        send_layout(pid_tgid, now, VMSCOPE_F_EXIT_LAYOUT, BPF_RB_NO_WAKEUP);

    struct vmscope_exit_record *e = reserve(sizeof(*e));
    if (!e)
        return 0;
    fill_header(&e->h, VMSCOPE_EV_EXIT, pid_tgid, now);
    e->status = BPF_CORE_READ(task, exit_code);
    e->pad = 0;
    /* Wake the reader now: exits are rare and the UI wants to show them promptly. */
    submit_waking(e, BPF_RB_FORCE_WAKEUP);
    return 0;
}

/* ---- watching a running process ---- */

/* Whether any thread of `task` may be inside brk, shmdt or io_destroy (either table's): each thread's saved
 * registers hold the number of the system call it is in (or made last, if it is back in user
 * mode and not interrupted since: then we wait for its next entry into the kernel). Those are
 * the calls whose exit needs state from before the call. */
static __always_inline int call_in_flight(struct task_struct *task)
{
    struct bpf_iter_task it;
    struct task_struct *t;
    int found = 0;
    bpf_rcu_read_lock();
    bpf_iter_task_new(&it, task, BPF_TASK_ITER_PROC_THREADS);
    while ((t = bpf_iter_task_next(&it))) {
        struct pt_regs *regs = (struct pt_regs *)bpf_task_pt_regs(t);
        if (!regs)
            continue;
        long nr = BPF_CORE_READ(regs, orig_ax);
        if (nr == NR_BRK || nr == NR_SHMDT || nr == NR_IO_DESTROY) {
            found = 1;
            break;
        }
        /* The same calls by their i386 numbers (shmdt also through ipc(2)), inside a 32-bit
         * call (TS_COMPAT is set from its entry). */
        if (bpf_core_field_exists(t->thread_info.status) &&
            (BPF_CORE_READ(t, thread_info.status) & TS_COMPAT) &&
            (nr == NR32_BRK || nr == NR32_SHMDT || nr == NR32_IPC || nr == NR32_IO_DESTROY)) {
            found = 1;
            break;
        }
    }
    bpf_iter_task_destroy(&it);
    bpf_rcu_read_unlock();
    return found;
}

/* An shm attachment's VMA (its file is named SYSV<key>): remembered by the address its shmat
 * returned (where page 0 of the segment is) with the segment's size, as shmdt will remove it. */
static __always_inline void remember_if_shm(__u32 tgid, struct vm_area_struct *vma)
{
    struct file *file = BPF_CORE_READ(vma, vm_file);
    if (!file)
        return;
    char name[4] = {};
    bpf_probe_read_kernel(name, sizeof(name), BPF_CORE_READ(file, f_path.dentry, d_name.name));
    if (name[0] != 'S' || name[1] != 'Y' || name[2] != 'S' || name[3] != 'V')
        return;
    __u64 base = BPF_CORE_READ(vma, vm_start) - (BPF_CORE_READ(vma, vm_pgoff) << PAGE_SHIFT);
    __u64 size = BPF_CORE_READ(file, f_inode, i_size);
    size = (size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
    remember(tgid, VMSCOPE_ATTACH_SHM, base, size);
}

/* Watches the running process args->tgid (userspace runs this with BPF_PROG_TEST_RUN): with
 * its mmap lock held for reading (no brk, shmdt or io_destroy can change anything meanwhile)
 * and none of those calls in flight, reads its break, remembers its shm attachments and aio
 * rings, creates its state and sets its bit. See vmscope_attach_args. */
SEC("syscall")
int vmscope_attach(struct vmscope_attach_args *args)
{
    __u32 tgid = args->tgid;
    int err;
    struct task_struct *task = bpf_task_from_pid(tgid);
    if (!task)
        return -ESRCH;
    struct vmscope_watch_word *w = watch_word(tgid);
    if (!w) {
        bpf_task_release(task);
        return -ESRCH;
    }
    __u64 bit = watch_bit(tgid);
    struct vmscope_process *known = bpf_map_lookup_elem(&processes, &tgid);
    if (known && (w->watched & bit)) {
        bpf_task_release(task); /* already watched (a followed child): keep its state */
        return 0;
    }
    struct mm_struct *mm = BPF_CORE_READ(task, mm);
    if (args->flags & VMSCOPE_ATTACH_AWAITING_EXEC) {
        /* A command vmscope started, not exec'd yet: only its exec and exit will be sent,
         * and its exec sets everything up. */
        struct vmscope_process none = {};
        err = bpf_map_update_elem(&processes, &tgid, &none, BPF_ANY);
        if (err == 0) {
            mark_mm((__u64)mm);
            __sync_fetch_and_or(&w->awaiting, bit);
            __sync_fetch_and_or(&w->watched, bit);
        }
        bpf_task_release(task);
        return err;
    }
    struct bpf_iter_task_vma it;
    err = bpf_iter_task_vma_new(&it, task, 0);
    if (err || !mm) {
        bpf_iter_task_vma_destroy(&it);
        if (!mm) {
            /* No address space (exiting): nothing to read, nothing will be reported but the
             * exit. */
            struct vmscope_process none = {};
            err = bpf_map_update_elem(&processes, &tgid, &none, BPF_ANY);
            if (err == 0)
                __sync_fetch_and_or(&w->watched, bit);
            bpf_task_release(task);
            return err;
        }
        bpf_task_release(task);
        return -EBUSY;
    }
    if (call_in_flight(task)) {
        bpf_iter_task_vma_destroy(&it);
        bpf_task_release(task);
        return -EBUSY;
    }

    struct vm_area_struct *vma;
    while ((vma = bpf_iter_task_vma_next(&it)))
        remember_if_shm(tgid, vma);

    struct kioctx_table *table = BPF_CORE_READ(mm, ioctx_table);
    if (table) {
        __u32 nr = BPF_CORE_READ(table, nr);
        struct kioctx **slots =
            (struct kioctx **)((char *)table + bpf_core_field_offset(struct kioctx_table, table));
        struct bpf_iter_num slot;
        int *i;
        bpf_iter_num_new(&slot, 0, AIO_TABLE_SCAN);
        while ((i = bpf_iter_num_next(&slot)) && *i < nr) {
            struct kioctx *ctx = 0;
            bpf_probe_read_kernel(&ctx, sizeof(ctx), &slots[*i]);
            if (ctx)
                remember(tgid, VMSCOPE_ATTACH_AIO, BPF_CORE_READ(ctx, user_id),
                         BPF_CORE_READ(ctx, mmap_size));
        }
        bpf_iter_num_destroy(&slot);
    }

    struct vmscope_process fresh = {.flags = VMSCOPE_P_BRK_KNOWN};
    fresh.last_brk = BPF_CORE_READ(mm, brk);
    err = bpf_map_update_elem(&processes, &tgid, &fresh, BPF_ANY);
    if (err == 0) {
        mark_mm((__u64)mm);
        __sync_fetch_and_or(&w->watched, bit);
    }
    bpf_iter_task_vma_destroy(&it);
    bpf_task_release(task);
    return err; /* -E2BIG: VMSCOPE_MAX_WATCHED processes are watched already */
}
