// What loading an eBPF object costs, program by program: the kernel verifier's own statistics
// (BPF_LOG_STATS: verification time, instructions processed, states) and libbpf's open and load
// time. With DBG=1, libbpf's debug lines go to stderr stamped with milliseconds, which shows
// where the rest of the load goes (vmlinux BTF parse, CO-RE candidate searches, map creation).
//
//   cc -O2 -o verifier_stats verifier_stats.c -lbpf
//   sudo ./verifier_stats .build/plugins/outputs/*/VMScopeProbe/destination/BPFBuildPlugin/vmscope.bpf.o
//
// NOLOG=1 loads without the statistics (the verifier is a little faster without a log), for
// timing each BPF_PROG_LOAD from outside, e.g. with `strace -T -e trace=bpf`.
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define MAX_PROGRAMS 32

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int print(enum libbpf_print_level level, const char *format, va_list args) {
    if (getenv("DBG")) {
        fprintf(stderr, "%.3f ", now_ms());
        vfprintf(stderr, format, args);
    }
    return 0;
}

static char logs[MAX_PROGRAMS][4096];

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s OBJECT.bpf.o\n", argv[0]);
        return 64;
    }
    libbpf_set_print(print);
    double t0 = now_ms();
    struct bpf_object *object = bpf_object__open_file(argv[1], NULL);
    if (!object) return 1;
    double t1 = now_ms();
    struct bpf_program *program;
    int i = 0;
    bpf_object__for_each_program(program, object) {
        if (i < MAX_PROGRAMS && !getenv("NOLOG")) {
            bpf_program__set_log_level(program, 4); // BPF_LOG_STATS
            bpf_program__set_log_buf(program, logs[i], sizeof logs[i]);
        }
        i++;
    }
    if (bpf_object__load(object)) {
        fprintf(stderr, "load failed\n");
        return 1;
    }
    double t2 = now_ms();
    printf("open %.1f ms, load %.1f ms\n", t1 - t0, t2 - t1);
    i = 0;
    bpf_object__for_each_program(program, object) {
        struct bpf_prog_info info = {};
        __u32 length = sizeof info;
        bpf_obj_get_info_by_fd(bpf_program__fd(program), &info, &length);
        char *log = i < MAX_PROGRAMS ? logs[i] : "";
        for (char *c = log; *c; c++)
            if (*c == '\n') *c = ' ';
        printf("%-22s %5zu insns, %7u verified | %s\n", bpf_program__name(program),
               bpf_program__insn_cnt(program), info.verified_insns, log);
        i++;
    }
    bpf_object__close(object);
    return 0;
}
