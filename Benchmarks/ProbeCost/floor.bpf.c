// Empty programs on the hooks vmscope uses most, attached next to it by measure.py --floor:
// what bpf_stats itself adds to every run on this machine (the floor under every figure).
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
struct pt_regs;
char LICENSE[] SEC("license") = "GPL";
SEC("tp_btf/sys_exit") int BPF_PROG(empty_sys_exit, struct pt_regs *regs, long ret) { return 0; }
SEC("tp_btf/page_fault_user") int BPF_PROG(empty_fault, unsigned long a, struct pt_regs *regs, unsigned long e) { return 0; }
