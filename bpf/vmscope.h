/*
 * The one record layout shared by the eBPF program (bpf/vmscope.bpf.c, compiled with
 * `-target bpf`) and Swift (through Sources/CProbe). Only <linux/types.h> types so the same
 * bytes mean the same thing on both sides; every field is naturally aligned and no struct has
 * implicit padding.
 *
 * A ring-buffer record is a `vmscope_header` followed by the payload its `kind` names, so each
 * record is only as long as its kind needs (sizes below, checked by RecordDecoderTests). Records
 * with VMSCOPE_F_NAMED carry a name after their fixed part, as long as the name is (at most
 * VMSCOPE_NAME_MAX bytes): the record's length (the ring buffer's, exact) says where it ends.
 */
#ifndef VMSCOPE_H
#define VMSCOPE_H
#include <linux/types.h>

/* What a ring-buffer record describes, and so which payload follows the header. */
enum vmscope_kind {
    /* vmscope_brk_record. Success when ret == requested; anything else is a refused brk.
     * brk(0) only asks where the break is and is not sent. old_break is the break the process
     * had after its previous brk, or where exec, fork or attaching found it (the argument
     * registers survive the call, so everything is read at sys_exit; see vmscope_process). */
    VMSCOPE_EV_BRK = 1,
    /* vmscope_mmap_record; ret = mapped address or -errno. A successful file mapping is a
     * vmscope_file_mmap_record (VMSCOPE_F_NAMED) with the file's identity and path. */
    VMSCOPE_EV_MMAP = 2,
    /* vmscope_range_record: addr, len as passed; ret = 0 or -errno. */
    VMSCOPE_EV_MUNMAP = 3,
    /* vmscope_mremap_record; ret = new address or -errno. */
    VMSCOPE_EV_MREMAP = 4,
    /* vmscope_range_arg_record: arg = prot. */
    VMSCOPE_EV_MPROTECT = 5,
    /* vmscope_fault_record: one rate-limited sample of a user page fault (at most one per CPU
     * per config.fault_sample_ns; only a bucket's first fault since userspace took the bucket, or
     * every 64th after, is a candidate). */
    VMSCOPE_EV_FAULT = 6,
    /* vmscope_fork_record: a watched process created a task (child tgid == tgid for a
     * thread). VMSCOPE_F_FOLLOWED when the kernel side added the child to the watched set. */
    VMSCOPE_EV_FORK = 7,
    /* vmscope_exec_record + the flat name bprm->filename: exec succeeded (sched_process_exec).
     * The new image's layout follows (VMSCOPE_EV_LAYOUT_*), stamped with the same time. */
    VMSCOPE_EV_EXEC = 8,
    /* vmscope_exit_record: the last thread of a watched group exited. */
    VMSCOPE_EV_EXIT = 9,
    /* vmscope_range_arg_record: arg = prot, arg2 = pkey (-1: none). */
    VMSCOPE_EV_PKEY_MPROTECT = 10,
    /* vmscope_range_arg_record: arg = advice. */
    VMSCOPE_EV_MADVISE = 11,
    /* vmscope_range_arg_record for mlock, munlock, mlock2, mlockall and munlockall:
     * arg = flags (mlock2's, mlockall's; else 0), arg2 = the x86-64 syscall number.
     * mlockall/munlockall have addr = len = 0. */
    VMSCOPE_EV_MLOCK = 12,
    /* vmscope_range_arg_record: arg = flags (nonzero flags fail with EINVAL). */
    VMSCOPE_EV_MSEAL = 13,
    /* vmscope_range_arg_record: addr = the shmaddr argument, ret = attached address or
     * -errno, len = extent of the VMA the kernel created at ret (0 if it could not be read),
     * arg = shmflg, arg2 = shmid. */
    VMSCOPE_EV_SHMAT = 14,
    /* vmscope_range_record: on success addr..addr+len is the attachment's extent as shmat made
     * it (remembered at shmat's exit, or found when a running process was attached or a
     * followed child forked: see `attachments`); on failure, or for an attachment vmscope never
     * saw, addr = the argument and len = 0. */
    VMSCOPE_EV_SHMDT = 15,
    /* vmscope_range_record: on success addr = the ring (*ctxp read at sys_exit), len = its
     * mapping's length; on failure addr = len = 0. */
    VMSCOPE_EV_AIO_SETUP = 16,
    /* vmscope_range_record: addr = ctx (the ring's address), len = its mapping's length as the
     * kernel unmapped it (remembered like shm attachments; 0 if unknown). */
    VMSCOPE_EV_AIO_DESTROY = 17,
    /* vmscope_syscall_record (ret 0): an execve/execveat is about to replace the image
     * (sched_prepare_exec, in begin_new_exec); for an exec that fails before that point, sent
     * at its failure just before the VMSCOPE_EV_EXEC_FAILED record, with the same time. */
    VMSCOPE_EV_EXEC_START = 18,
    /* vmscope_syscall_record: execve/execveat returned ret (-errno) to the old image. */
    VMSCOPE_EV_EXEC_FAILED = 19,
    /* vmscope_vma_record (+ name): one VMA of a layout read in the kernel, in address order.
     * VMSCOPE_F_EXIT_LAYOUT marks the exit layout (else the exec layout). */
    VMSCOPE_EV_LAYOUT_VMA = 20,
    /* vmscope_layout_end_record: the layout's last record. */
    VMSCOPE_EV_LAYOUT_END = 21,
    /* vmscope_gap_search_record: the kernel searched for a free range to place a mapping in
     * (mmap:vm_unmapped_area), inside a call of the same thread whose record comes next from
     * that thread (the call's record is sent at its sys_exit, after the search). */
    VMSCOPE_EV_GAP_SEARCH = 22,
};

/* vmscope_header.flags */
#define VMSCOPE_F_NAMED       0x1u   /* a name follows the fixed part */
#define VMSCOPE_F_COMPONENTS  0x2u   /* the name is dentry names, basename first, each NUL-ended */
#define VMSCOPE_F_ROOTED      0x4u   /* the component walk reached the root of the file's mount */
#define VMSCOPE_F_FOLLOWED    0x8u   /* fork: the child was added to the watched set */
#define VMSCOPE_F_COMPAT      0x10u  /* a call record: the call was an i386 (compat) system call,
                                      * decoded with the i386 numbers and registers into the
                                      * x86-64 call it does (numbers and fields as x86-64's) */
#define VMSCOPE_F_DELETED     0x20u  /* layout VMA: the file is unlinked (maps: " (deleted)") */
#define VMSCOPE_F_HEAP        0x40u  /* layout VMA: maps calls it [heap] */
#define VMSCOPE_F_STACK       0x80u  /* layout VMA: maps calls it [stack] */
#define VMSCOPE_F_EXIT_LAYOUT 0x100u /* layout records: the exit layout (else the exec layout) */
#define VMSCOPE_F_INCOMPLETE  0x200u /* layout end: the walk stopped early (cap, lock busy) */
#define VMSCOPE_F_VSYSCALL    0x400u /* layout end: maps also lists the [vsyscall] gate page */
#define VMSCOPE_F_MMAP2       0x800u /* compat mmap record: made with mmap2 (offset in pages) */
#define VMSCOPE_F_OLD_MMAP    0x1000u /* compat mmap record: made with the old one-argument mmap */
#define VMSCOPE_F_IPC         0x2000u /* compat shmat/shmdt record: made through ipc(2) */
#define VMSCOPE_F_USER_STACK  0x4000u /* brk, mmap, munmap, mremap: a vmscope_stack follows the
                                       * fixed part (before the name of a named record) */
#define VMSCOPE_F_STACK_TRUNCATED 0x8000u /* the stack had more than VMSCOPE_STACK_MAX frames */

/* Every record starts with this (24 bytes). */
struct vmscope_header {
    __u64 timestamp;   /* bpf_ktime_get_ns(): CLOCK_MONOTONIC nanoseconds */
    __u32 tgid;
    __u32 tid;
    __u32 kind;        /* enum vmscope_kind */
    __u32 flags;       /* VMSCOPE_F_* */
};

/* 48 bytes */
struct vmscope_brk_record {
    struct vmscope_header h;
    __u64 requested;   /* the argument */
    __u64 old_break;   /* the break before the call */
    __s64 ret;         /* the break after the call */
};

/* 48 bytes: munmap, shmdt, io_setup, io_destroy */
struct vmscope_range_record {
    struct vmscope_header h;
    __u64 addr;
    __u64 len;
    __s64 ret;         /* 0, an address, or -errno (-4095..-1) */
};

/* 56 bytes: mprotect, pkey_mprotect, madvise, the mlock family, mseal, shmat */
struct vmscope_range_arg_record {
    struct vmscope_range_record r;
    __u32 arg;
    __s32 arg2;
};

/* 72 bytes */
struct vmscope_mmap_record {
    struct vmscope_header h;
    __u64 addr;        /* the hint argument */
    __u64 len;
    __u64 offset;
    __s64 ret;
    __u32 prot;
    __u32 flags;
    __s32 fd;
    __u32 pad;
};

/* Which file: the kernel's dev_t of the inode's superblock (major << 20 | minor) and the
 * inode number, as /proc/PID/maps shows them. */
struct vmscope_file_id {
    __u64 device;
    __u64 inode;
};

/* 88 bytes + name (VMSCOPE_F_NAMED | VMSCOPE_F_COMPONENTS, maybe VMSCOPE_F_ROOTED) */
struct vmscope_file_mmap_record {
    struct vmscope_mmap_record m;
    struct vmscope_file_id file;
};

/* 64 bytes */
struct vmscope_mremap_record {
    struct vmscope_header h;
    __u64 old_addr;
    __u64 old_len;
    __u64 new_len;
    __s64 ret;
    __u32 flags;
    __u32 pad;
};

/* 40 bytes */
struct vmscope_fault_record {
    struct vmscope_header h;
    __u64 addr;
    __u64 error_code;  /* x86 page-fault error bits */
};

/* 32 bytes */
struct vmscope_fork_record {
    struct vmscope_header h;
    __u32 child_tid;
    __u32 child_tgid;
};

/* 32 bytes + name (flat: bprm->filename) */
struct vmscope_exec_record {
    struct vmscope_header h;
    __u32 old_pid;     /* the exec'ing thread's id before exec (differs for a non-leader) */
    __u32 pad;
};

/* 32 bytes */
struct vmscope_exit_record {
    struct vmscope_header h;
    __s32 status;      /* wait(2) status */
    __u32 pad;
};

/* 40 bytes: exec started / exec failed */
struct vmscope_syscall_record {
    struct vmscope_header h;
    __s64 ret;
    __u32 nr;          /* x86-64 syscall number: 59 execve, 322 execveat */
    __u32 pad;
};

/* 72 bytes + name: one VMA of a kernel-read layout. The name is the file's path (components,
 * like a file mmap, with VMSCOPE_F_DELETED when unlinked) or a special mapping's flat name
 * ("[vdso]"); [heap] and [stack] are flags, anonymous memory has no name. */
struct vmscope_vma_record {
    struct vmscope_header h;
    __u64 start;
    __u64 end;
    __u64 offset;      /* vm_pgoff << 12 for files, else 0 */
    struct vmscope_file_id file; /* 0, 0 without a file */
    __u32 vm_flags;    /* low bits of vm_flags: VM_READ 1, VM_WRITE 2, VM_EXEC 4, VM_MAYSHARE 0x80 */
    __u32 index;       /* 0, 1, 2... within this layout */
};

/* 32 bytes: the layout is over. Complete when VMSCOPE_F_INCOMPLETE is clear and `count` VMA
 * records (indices 0..count-1) arrived. */
struct vmscope_layout_end_record {
    struct vmscope_header h;
    __u32 count;       /* VMA records sent for this layout */
    __s32 error;       /* why the walk could not start (-EBUSY: mmap lock taken), else 0 */
};

/* 80 bytes: one vm_unmapped_area search (mm/vma.c) and what it found. */
struct vmscope_gap_search_record {
    struct vmscope_header h;
    __s64 addr;          /* the start of the range found, or -errno (-ENOMEM: no gap) */
    __u64 length;        /* what was asked for */
    __u64 low_limit;     /* the window searched: low_limit .. high_limit */
    __u64 high_limit;
    __u64 align_mask;    /* the start must be align_offset modulo align_mask + 1 */
    __u64 align_offset;
    __u32 search_flags;  /* VM_UNMAPPED_AREA_TOPDOWN (1): from high_limit down, else up */
    __u32 pad;
};

/* The user call stack of a call record with VMSCOPE_F_USER_STACK (when `config.user_stacks`
 * is on): brk that moved the break or failed, mmap, munmap, mremap. `count` instruction
 * addresses (__u64, innermost first) follow this head: frame 0 is the user instruction after
 * the system call, the others are return addresses found by walking the frame-pointer chain
 * from the registers the call saved (bpf_get_stack with BPF_F_USER_STACK), so code built
 * without frame pointers yields garbage or stops early. When the call's bp cannot be a frame
 * pointer (not just above sp, aligned) there is no walk: frame 0 alone (count 1). count is 0
 * when nothing could be read.
 * Then `window` bytes (at most VMSCOPE_STACK_WINDOW; bp - sp when bp may be a frame pointer
 * closer than that) copied from the user stack at `sp`: with sp
 * and bp, what userspace needs to unwind the innermost frames by their .eh_frame CFI, which the
 * frame-pointer walk skips or cannot do (a glibc wrapper built without frame pointers: the walk
 * from the caller's bp skips the caller itself). 0 for an i386 call or when the read failed.
 * The record's length is exactly the fixed part + 24 + 8 * count + window (+ its name). */
#define VMSCOPE_STACK_MAX 32
/* A leaf wrapper needs 8 bytes; glibc 2.36's sbrk -> brk about 100, and a large malloc ->
 * sysmalloc -> mmap more than 256 (its frames save registers and keep locals): with 512 its
 * caller and main are reached (Tests/IntegrationTests/Stacks). Each stacked record carries
 * them; Benchmarks/README.md says what that costs. */
#define VMSCOPE_STACK_WINDOW 512 /* a power of two (the kernel side masks with it) */
struct vmscope_stack {
    __u32 count;       /* 0..VMSCOPE_STACK_MAX */
    __u32 window;      /* 0..VMSCOPE_STACK_WINDOW: bytes of user stack after the addresses */
    __u64 sp;          /* the user registers at the call */
    __u64 bp;
    /* __u64 ips[count]; __u8 window[window] */
};
#define VMSCOPE_STACK_TAIL_MAX (sizeof(struct vmscope_stack) + VMSCOPE_STACK_MAX * 8 + VMSCOPE_STACK_WINDOW)

/* VM flags /proc/PID/maps shows (vmscope_vma_record.vm_flags). */
#define VMSCOPE_VM_READ     0x1u
#define VMSCOPE_VM_WRITE    0x2u
#define VMSCOPE_VM_EXEC     0x4u
#define VMSCOPE_VM_MAYSHARE 0x80u

/* Names. A flat name is one NUL-terminated string. A component name is the file's dentry
 * names, basename first, each NUL-terminated, at most VMSCOPE_NAME_COMPONENTS of them, each
 * cut at VMSCOPE_COMPONENT_MAX - 1 bytes; the walk starts no new component once
 * VMSCOPE_NAME_BUDGET bytes are used, so a name is never longer than VMSCOPE_NAME_MAX. */
#define VMSCOPE_NAME_COMPONENTS 10
#define VMSCOPE_COMPONENT_MAX   256
#define VMSCOPE_NAME_BUDGET     512
#define VMSCOPE_NAME_MAX        (VMSCOPE_NAME_BUDGET + VMSCOPE_COMPONENT_MAX)

/* At most this many VMA records per layout; beyond, the end record says incomplete. */
#define VMSCOPE_LAYOUT_MAX_VMAS 4096

/* The watched set is a bitmap, tested before anything else by every program (they run for
 * every process on the machine): the BPF_F_MMAPABLE array map `watch_bits`, word tgid >> 6,
 * bit tgid & 63 (65 536 words cover PID_MAX_LIMIT, 4 194 304). Userspace maps it and flips its
 * bits with atomic or/and; the kernel side sets a followed child's bit and clears an exited
 * group's with atomic operations too. `awaiting`: a command vmscope started that has not exec'd
 * yet (until then it is a copy of vmscope): only its exec (start, failure, success) and exit
 * are sent. */
#define VMSCOPE_WATCH_WORDS 65536
/* The filter in front of the bitmap (`mm_filter`, kernel side only): one bit per address space
 * of a watched process, see bpf/vmscope.bpf.c. */
#define VMSCOPE_MM_FILTER_WORDS 512
struct vmscope_watch_word {
    __u64 watched;
    __u64 awaiting;
};

/* Per-process state of watched processes only (hash map `processes`, tgid -> this), looked up
 * on the rare paths (brk, exec, fork), never for a plain memory call or a fault. */
#define VMSCOPE_P_BRK_KNOWN     0x1u /* last_brk is the break (set at attach, exec, fork, brk) */
#define VMSCOPE_P_EXEC_PREPARED 0x2u /* exec_started was sent at sched_prepare_exec */
struct vmscope_process {
    __u64 last_brk;    /* the break after the process's last brk (or where attach/exec/fork found it) */
    __u32 flags;       /* VMSCOPE_P_* */
    __u32 pad;
};

/* The context of the `vmscope_attach` program (BPF_PROG_TYPE_SYSCALL, run by userspace with
 * BPF_PROG_TEST_RUN) through which userspace watches a process (it also sets the kernel-only
 * filter bit of its address space). A running process: under the process's mmap lock, and only
 * when none of its threads is inside brk, shmdt or io_destroy, it reads the break, remembers the
 * process's shm attachments and aio rings (so their detach reports an extent), creates its state
 * and sets its bit. Returns 0, or -EBUSY (the lock was taken or such a call in flight: try
 * again), -ESRCH (no such process) or -E2BIG (VMSCOPE_MAX_WATCHED processes are watched). */
#define VMSCOPE_ATTACH_AWAITING_EXEC 0x1u /* a command vmscope started and has not exec'd: only
                                            * mark it (awaiting), its exec sets everything up */
struct vmscope_attach_args {
    __u32 tgid;
    __u32 flags;       /* VMSCOPE_ATTACH_* */
};

/* Attachments whose extent a later detach must report (LRU hash `attachments`): shmat's
 * segments and io_setup's rings, by (tgid, kind, address), remembered at the attaching call's
 * exit and, for a process watched while running, by vmscope_attach; taken at shmdt/io_destroy. */
#define VMSCOPE_ATTACH_SHM 1
#define VMSCOPE_ATTACH_AIO 2
#define VMSCOPE_MAX_ATTACHMENTS 4096
struct vmscope_attachment_key {
    __u32 tgid;
    __u32 kind;        /* VMSCOPE_ATTACH_* */
    __u64 addr;        /* shm: the address shmat returned; aio: the ring (the context id) */
};

/* Counters and wakeup bookkeeping of the kernel side (the `.bss` map holds exactly this). */
struct vmscope_kernel_counters {
    __u64 wakeup_pos;      /* producer position of the last rate-limited forced wakeup */
    __u64 forced_wakeups;  /* wakeups forced because VMSCOPE_WAKEUP_BYTES were waiting */
    __u64 event_wakeups;   /* wakeups forced by an exec layout's end or an exit */
    __u64 shm_remembered;  /* shm attachments remembered so far (nonzero: forks copy them) */
    __u64 windows_dropped; /* stacks sent without their stack window: the ring was an eighth full */
};

/* Page faults are counted in the kernel per (tgid, address >> VMSCOPE_FAULT_BUCKET_SHIFT), in
 * two generations that userspace alternates so that it can take the counts without racing a
 * fault (deleting a bucket from a map faults count into loses any fault counted between the
 * program's lookup and its add). The global `fault_generation` (map `.data.faultgen`, 0 or 1)
 * says which one faults count into. Per generation:
 *   - `fault_runs` (per-CPU array, index = generation): this CPU's current run of faults in one
 *     bucket. Most faults continue the run: one per-CPU increment, no hash lookup, no atomic.
 *   - `fault_counts_a` / `fault_counts_b` (hash maps, key vmscope_fault_key, value __u64):
 *     where a run is added when it ends.
 * Userspace takes a generation by flipping `fault_generation`, then waiting for every program
 * that may still use the old one (an update of the array of maps `fault_grace` returns only
 * after an RCU grace period), then emptying its hash map and taking and zeroing its runs. A
 * generation whose runs are all 0 on every CPU has nothing to take. */
struct vmscope_fault_run {
    __u32 tgid;
    __u32 pad;
    __u64 bucket;
    __u64 count;       /* 0: no run */
};
#define VMSCOPE_FAULT_BUCKET_SHIFT 16
#define VMSCOPE_FAULT_BUCKETS      65536

struct vmscope_fault_key {
    __u32 tgid;
    __u32 pad;         /* always 0 so keys compare bytewise */
    __u64 bucket;      /* address >> VMSCOPE_FAULT_BUCKET_SHIFT */
};

/* The global `config` (its own data section, map `.data.config`), written by userspace at any
 * time; read with plain loads, no map lookup. */
struct vmscope_config {
    __u32 follow_children;   /* nonzero: forks of watched processes are watched too */
    __u32 user_stacks;       /* nonzero: brk, mmap, munmap and mremap records carry the user
                              * call stack (VMSCOPE_F_USER_STACK); zero: none, records are
                              * their fixed size */
    __u64 fault_sample_ns;   /* at most one fault sample per CPU per this long (and the clock
                              * is looked at once per scheduler tick); 0 = default 1 ms */
};

/* Indices of the per-CPU array map `drops` (__u64 each, summed over CPUs). */
#define VMSCOPE_DROP_RINGBUF     0  /* the ring buffer was full: a record was lost */
#define VMSCOPE_DROP_FAULT_MAP   1  /* fault_counts was full: those faults went uncounted */
#define VMSCOPE_DROP_SLOTS       2

/* Map sizes userspace may rely on. */
#define VMSCOPE_RINGBUF_BYTES    (4u << 20)
/* Force a wakeup once this much is waiting, and then at most once per this many bytes of new
 * records, however far behind the reader is (an exec's layout end and an exit always wake). */
#define VMSCOPE_WAKEUP_BYTES     (256u << 10)
#define VMSCOPE_MAX_WATCHED      4096 /* entries of `processes` */

#endif
