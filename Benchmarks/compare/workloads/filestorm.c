// filestorm [-o FILE] [-w] [-l] PAIRS: PAIRS times mmap 64 KiB of a file (shared, read-only),
// read one byte, munmap: the calls whose records carry a name (the file's path, device and
// inode). Reports "pairs N ns E ns_per_pair X cpu_ns_per_pair C" like storm.
#include "common.h"
#include <fcntl.h>
#include <sys/mman.h>

#define LEN (64u * 1024u)

int main(int argc, char **argv) {
    struct options o = parse_options(argc, argv, "filestorm [-o FILE] [-w] [-l] PAIRS");
    unsigned long long pairs = strtoull(o.arg, NULL, 10);
    char path[] = "/tmp/vmscope-filestorm-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0 || ftruncate(fd, (off_t)LEN) != 0) { perror("filestorm: scratch file"); return 1; }
    gate(&o);
    volatile char sink = 0;
    uint64_t began = now_ns(), cpu_began = cpu_ns();
    for (unsigned long long i = 0; pairs == 0 || i < pairs; i++) {
        char *p = mmap(NULL, LEN, PROT_READ, MAP_SHARED, fd, 0);
        if (p == MAP_FAILED) { perror("mmap"); unlink(path); return 1; }
        sink += p[0];
        if (munmap(p, LEN) != 0) { perror("munmap"); unlink(path); return 1; }
    }
    uint64_t ns = now_ns() - began, cpu = cpu_ns() - cpu_began;
    unlink(path);
    finish(&o, "pairs %llu ns %llu ns_per_pair %.1f cpu_ns_per_pair %.1f", pairs, (unsigned long long)ns,
           (double)ns / (double)pairs, (double)cpu / (double)pairs);
    return 0;
}
