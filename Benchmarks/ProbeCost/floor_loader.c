// Loads floor.bpf.o (argv[1]), attaches its programs, prints their ids and waits for SIGTERM.
#include <bpf/libbpf.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 2) return 64;
    libbpf_set_print(NULL);
    struct bpf_object *obj = bpf_object__open_file(argv[1], NULL);
    if (!obj || bpf_object__load(obj)) return 1;
    struct bpf_program *p;
    bpf_object__for_each_program(p, obj) {
        if (!bpf_program__attach(p)) return 1;
        printf("%d ", bpf_program__fd(p));
    }
    printf("\n");
    fflush(stdout);
    pause();
    return 0;
}
