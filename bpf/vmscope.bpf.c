// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope's kernel side: follows the memory system calls, user page faults and the
 * fork/exec/exit of watched processes and hands them to userspace through one ring buffer.
 *
 * Only raw tracepoints are used: on the target machines tracefs is not mounted (so `tp/`
 * cannot attach) and the `tracing` program type (fentry, tp_btf) is refused. Kernel structs
 * are declared here with preserve_access_index (CO-RE) instead of a generated vmlinux.h;
 * libbpf relocates every field access against /sys/kernel/btf/vmlinux at load time.
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include "vmscope.h"

#define PAI __attribute__((preserve_access_index))

/* ---- the few kernel types we read (only the fields used; libbpf finds them by name) ---- */

struct pt_regs {
    unsigned long di, si, dx, r10, r8, r9, orig_ax;
} PAI;

struct mm_struct {
    unsigned long start_brk, brk;
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

struct dentry {
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

struct file {
    struct path f_path;
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

/* ---- constants (x86-64) ---- */

#define NR_MMAP     9
#define NR_MPROTECT 10
#define NR_MUNMAP   11
#define NR_BRK      12
#define NR_MREMAP   25

#define TS_COMPAT 0x0002

#define MAP_ANONYMOUS 0x20
#define EEXIST 17
#define DEFAULT_FAULT_SAMPLE_NS 1000000ull

char LICENSE[] SEC("license") = "GPL";

/* ---- maps (names are the userspace contract, see vmscope.h) ---- */

/* tgid -> time of the last page-fault sample sent for it (0 = never). Userspace inserts and
 * deletes; the kernel side adds followed children and removes groups that exited. */
struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, VMSCOPE_MAX_WATCHED);
    __type(key, __u32);
    __type(value, __u64);
} watched SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, VMSCOPE_RINGBUF_BYTES);
} events SEC(".maps");

/* A syscall's arguments between sys_enter and sys_exit, per thread. LRU so a thread killed
 * inside a syscall cannot leak its slot. */
struct pending_call {
    __u32 nr;
    __u32 pad;
    __u64 aux;
    __u64 args[6];
};

struct {
    __uint(type, BPF_MAP_TYPE_LRU_HASH);
    __uint(max_entries, 16384);
    __type(key, __u32);
    __type(value, struct pending_call);
} pending SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, VMSCOPE_FAULT_BUCKETS);
    __type(key, struct vmscope_fault_key);
    __type(value, __u64);
} fault_counts SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, VMSCOPE_DROP_SLOTS);
    __type(key, __u32);
    __type(value, __u64);
} drops SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, struct vmscope_config);
} config SEC(".maps");

/* ---- helpers ---- */

static __always_inline void count_drop(__u32 slot)
{
    __u64 *n = bpf_map_lookup_elem(&drops, &slot);
    if (n)
        *n += 1; /* per-CPU slot: no other writer */
}

/* Submits without waking the reader unless a good part of the buffer is waiting: a wakeup per
 * record costs microseconds, and userspace drains on a timer anyway. */
static __always_inline void submit(void *record)
{
    __u64 waiting = bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA);
    bpf_ringbuf_submit(record, waiting >= VMSCOPE_WAKEUP_BYTES ? BPF_RB_FORCE_WAKEUP
                                                                : BPF_RB_NO_WAKEUP);
}

static __always_inline struct vmscope_event *reserve(__u64 size)
{
    struct vmscope_event *e = bpf_ringbuf_reserve(&events, size, 0);
    if (!e) {
        count_drop(VMSCOPE_DROP_RINGBUF);
        return 0;
    }
    return e;
}

static __always_inline void fill_header(struct vmscope_event *e, __u32 kind, __u64 pid_tgid)
{
    e->timestamp = bpf_ktime_get_ns();
    e->tgid = pid_tgid >> 32;
    e->tid = (__u32)pid_tgid;
    e->kind = kind;
    e->flags = 0;
    e->ret = 0;
    e->aux = 0;
#pragma unroll
    for (int i = 0; i < 6; i++)
        e->args[i] = 0;
}

static __always_inline int is_watched(__u32 tgid)
{
    return bpf_map_lookup_elem(&watched, &tgid) != 0;
}

static __always_inline int is_memory_syscall(long nr)
{
    return nr == NR_MMAP || nr == NR_MPROTECT || nr == NR_MUNMAP || nr == NR_BRK ||
           nr == NR_MREMAP;
}

/* True inside a 32-bit (ia32) syscall: its numbers mean other calls (9 is link, 11 execve),
 * so those are skipped rather than misread. */
static __always_inline int in_compat_syscall(void)
{
    struct task_struct *task = (struct task_struct *)bpf_get_current_task();
    if (!bpf_core_field_exists(task->thread_info.status))
        return 0;
    return BPF_CORE_READ(task, thread_info.status) & TS_COMPAT;
}

static __always_inline __u32 kind_for_syscall(__u32 nr)
{
    switch (nr) {
    case NR_BRK: return VMSCOPE_EV_BRK;
    case NR_MMAP: return VMSCOPE_EV_MMAP;
    case NR_MUNMAP: return VMSCOPE_EV_MUNMAP;
    case NR_MREMAP: return VMSCOPE_EV_MREMAP;
    default: return VMSCOPE_EV_MPROTECT;
    }
}

/* Writes the file's dentry names into the slots, basename first, crossing mount points the
 * way d_path does (mount root -> mountpoint in the parent mount). */
static __always_inline void file_path_components(struct vmscope_named_event *e, struct file *file)
{
    struct dentry *d = BPF_CORE_READ(file, f_path.dentry);
    struct vfsmount *vfs = BPF_CORE_READ(file, f_path.mnt);
    struct mount *mnt = (struct mount *)((char *)vfs - bpf_core_field_offset(struct mount, mnt));
    __u32 slot = 0;

    /* The ring buffer hands out reused memory: an empty slot ends the list (vmscope.h), so
     * every slot starts empty, or a short path would pick up an older record's names. */
#pragma unroll
    for (int s = 0; s < VMSCOPE_NAME_SLOTS; s++)
        e->name[s * VMSCOPE_NAME_SLOT_LEN] = 0;
    e->event.flags |= VMSCOPE_F_NAMED | VMSCOPE_F_COMPONENTS;
    for (int i = 0; i < VMSCOPE_NAME_SLOTS + 6; i++) {
        struct dentry *mnt_root = BPF_CORE_READ(mnt, mnt.mnt_root);
        if (d == mnt_root) {
            struct mount *parent = BPF_CORE_READ(mnt, mnt_parent);
            if (parent == mnt || !parent) {
                e->event.flags |= VMSCOPE_F_ROOTED;
                return;
            }
            d = BPF_CORE_READ(mnt, mnt_mountpoint);
            mnt = parent;
            continue;
        }
        struct dentry *up = BPF_CORE_READ(d, d_parent);
        if (up == d || !up) {
            /* The root of a filesystem that is not mounted in our tree (memfd, pipes). */
            e->event.flags |= VMSCOPE_F_ROOTED;
            return;
        }
        if (slot >= VMSCOPE_NAME_SLOTS)
            return;
        const unsigned char *name = BPF_CORE_READ(d, d_name.name);
        bpf_probe_read_kernel_str(&e->name[slot * VMSCOPE_NAME_SLOT_LEN], VMSCOPE_NAME_SLOT_LEN,
                                  name);
        slot++;
        d = up;
    }
}

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

/* ---- programs ---- */

SEC("raw_tp/sys_enter")
int vmscope_sys_enter(struct bpf_raw_tracepoint_args *ctx)
{
    long nr = (long)ctx->args[1];
    if (!is_memory_syscall(nr))
        return 0;
    __u64 pid_tgid = bpf_get_current_pid_tgid();
    if (!is_watched(pid_tgid >> 32))
        return 0;
    if (in_compat_syscall())
        return 0;

    struct pt_regs *regs = (struct pt_regs *)ctx->args[0];
    struct pending_call call = {};
    call.nr = nr;
    call.args[0] = BPF_CORE_READ(regs, di);
    call.args[1] = BPF_CORE_READ(regs, si);
    call.args[2] = BPF_CORE_READ(regs, dx);
    call.args[3] = BPF_CORE_READ(regs, r10);
    call.args[4] = BPF_CORE_READ(regs, r8);
    call.args[5] = BPF_CORE_READ(regs, r9);
    if (nr == NR_BRK) {
        if (call.args[0] == 0)
            return 0; /* brk(0) only asks where the break is */
        struct task_struct *task = (struct task_struct *)bpf_get_current_task();
        call.aux = BPF_CORE_READ(task, mm, brk);
    }
    __u32 tid = (__u32)pid_tgid;
    bpf_map_update_elem(&pending, &tid, &call, BPF_ANY);
    return 0;
}

SEC("raw_tp/sys_exit")
int vmscope_sys_exit(struct bpf_raw_tracepoint_args *ctx)
{
    struct pt_regs *regs = (struct pt_regs *)ctx->args[0];
    long nr = BPF_CORE_READ(regs, orig_ax);
    if (!is_memory_syscall(nr))
        return 0;
    __u64 pid_tgid = bpf_get_current_pid_tgid();
    __u32 tid = (__u32)pid_tgid;
    struct pending_call *found = bpf_map_lookup_elem(&pending, &tid);
    if (!found)
        return 0; /* not watched at sys_enter (or brk(0)) */
    struct pending_call call = *found;
    bpf_map_delete_elem(&pending, &tid);
    if (call.nr != nr)
        return 0; /* stale entry from an interrupted thread */

    long ret = (long)ctx->args[1];
    int ok = !(ret < 0 && ret >= -4095);
    struct file *file = 0;
    if (nr == NR_MMAP && ok && !(call.args[3] & MAP_ANONYMOUS))
        file = current_file(call.args[4]);

    struct vmscope_event *e;
    if (file) {
        e = reserve(sizeof(struct vmscope_named_event));
    } else {
        e = reserve(sizeof(struct vmscope_event));
    }
    if (!e)
        return 0;
    fill_header(e, kind_for_syscall(call.nr), pid_tgid);
    e->ret = ret;
    e->aux = call.aux;
#pragma unroll
    for (int i = 0; i < 6; i++)
        e->args[i] = call.args[i];
    if (file) {
        file_path_components((struct vmscope_named_event *)e, file);
    }
    submit(e);
    return 0;
}

/* page_fault_user(address, regs, error_code): counted per 64 KiB bucket, sampled per tgid. */
SEC("raw_tp/page_fault_user")
int vmscope_page_fault(struct bpf_raw_tracepoint_args *ctx)
{
    __u64 pid_tgid = bpf_get_current_pid_tgid();
    __u32 tgid = pid_tgid >> 32;
    __u64 *last_sample = bpf_map_lookup_elem(&watched, &tgid);
    if (!last_sample)
        return 0;

    __u64 address = ctx->args[0];
    struct vmscope_fault_key key = {.tgid = tgid, .pad = 0,
                                    .bucket = address >> VMSCOPE_FAULT_BUCKET_SHIFT};
    __u64 *count = bpf_map_lookup_elem(&fault_counts, &key);
    if (count) {
        __sync_fetch_and_add(count, 1);
    } else {
        __u64 one = 1;
        long err = bpf_map_update_elem(&fault_counts, &key, &one, BPF_NOEXIST);
        if (err == -EEXIST) {
            /* Another CPU created the bucket between our lookup and insert. */
            count = bpf_map_lookup_elem(&fault_counts, &key);
            if (count)
                __sync_fetch_and_add(count, 1);
        } else if (err) {
            count_drop(VMSCOPE_DROP_FAULT_MAP);
        }
    }

    __u64 now = bpf_ktime_get_ns();
    __u64 interval = DEFAULT_FAULT_SAMPLE_NS;
    __u32 zero = 0;
    struct vmscope_config *cfg = bpf_map_lookup_elem(&config, &zero);
    if (cfg && cfg->fault_sample_ns)
        interval = cfg->fault_sample_ns;
    __u64 last = *last_sample;
    if (last && now - last < interval)
        return 0;
    /* Racy across CPUs on purpose: at worst two samples instead of one. */
    *last_sample = now;

    struct vmscope_event *e = reserve(sizeof(struct vmscope_event));
    if (!e)
        return 0;
    fill_header(e, VMSCOPE_EV_FAULT, pid_tgid);
    e->timestamp = now;
    e->args[0] = address;
    e->args[1] = ctx->args[2];
    submit(e);
    return 0;
}

/* sched_process_fork(parent, child): every new task, threads included. */
SEC("raw_tp/sched_process_fork")
int vmscope_fork(struct bpf_raw_tracepoint_args *ctx)
{
    struct task_struct *parent = (struct task_struct *)ctx->args[0];
    struct task_struct *child = (struct task_struct *)ctx->args[1];
    __u32 parent_tgid = BPF_CORE_READ(parent, tgid);
    if (!is_watched(parent_tgid))
        return 0;
    __u32 child_tid = BPF_CORE_READ(child, pid);
    __u32 child_tgid = BPF_CORE_READ(child, tgid);

    __u32 flags = 0;
    if (child_tgid != parent_tgid) {
        __u32 zero = 0;
        struct vmscope_config *cfg = bpf_map_lookup_elem(&config, &zero);
        if (cfg && cfg->follow_children) {
            __u64 never = 0;
            if (bpf_map_update_elem(&watched, &child_tgid, &never, BPF_NOEXIST) == 0)
                flags |= VMSCOPE_F_FOLLOWED;
        }
    }

    struct vmscope_event *e = reserve(sizeof(struct vmscope_event));
    if (!e)
        return 0;
    fill_header(e, VMSCOPE_EV_FORK, ((__u64)parent_tgid << 32) | (__u32)BPF_CORE_READ(parent, pid));
    e->flags = flags;
    e->args[0] = child_tid;
    e->args[1] = child_tgid;
    submit(e);
    return 0;
}

/* sched_process_exec(task, old_pid, bprm): runs in the new program's context. */
SEC("raw_tp/sched_process_exec")
int vmscope_exec(struct bpf_raw_tracepoint_args *ctx)
{
    __u64 pid_tgid = bpf_get_current_pid_tgid();
    if (!is_watched(pid_tgid >> 32))
        return 0;
    struct linux_binprm *bprm = (struct linux_binprm *)ctx->args[2];
    struct vmscope_named_event *e =
        (struct vmscope_named_event *)reserve(sizeof(struct vmscope_named_event));
    if (!e)
        return 0;
    fill_header(&e->event, VMSCOPE_EV_EXEC, pid_tgid);
    e->event.flags = VMSCOPE_F_NAMED;
    e->event.args[0] = ctx->args[1];
    const char *filename = BPF_CORE_READ(bprm, filename);
    e->name[0] = 0;
    bpf_probe_read_kernel_str(e->name, sizeof(e->name), filename);
    submit(e);
    return 0;
}

/* sched_process_exit(task[, group_dead]): sent once, for the last thread of the group. The
 * second argument only exists on newer kernels, so the group test reads signal->live, which
 * do_exit has already decremented for this thread on every kernel. */
SEC("raw_tp/sched_process_exit")
int vmscope_exit(struct bpf_raw_tracepoint_args *ctx)
{
    __u64 pid_tgid = bpf_get_current_pid_tgid();
    __u32 tid = (__u32)pid_tgid;
    __u32 tgid = pid_tgid >> 32;
    bpf_map_delete_elem(&pending, &tid);
    if (!is_watched(tgid))
        return 0;
    struct task_struct *task = (struct task_struct *)ctx->args[0];
    int live = BPF_CORE_READ(task, signal, live.counter);
    if (live != 0)
        return 0;
    /* The group is gone: forget it so a reused pid is not followed by accident. */
    bpf_map_delete_elem(&watched, &tgid);

    struct vmscope_event *e = reserve(sizeof(struct vmscope_event));
    if (!e)
        return 0;
    fill_header(e, VMSCOPE_EV_EXIT, pid_tgid);
    e->args[0] = (__u32)BPF_CORE_READ(task, exit_code);
    /* Wake the reader now: exits are rare and the UI wants to show them promptly. */
    bpf_ringbuf_submit(e, BPF_RB_FORCE_WAKEUP);
    return 0;
}
