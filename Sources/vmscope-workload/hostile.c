// `vmscope-workload hostile SCRATCH_DIR READY_FILE|-`: a process whose every self-chosen text is
// hostile to a terminal, for the tests that check vmscope never passes such text through raw.
//
// Stage 1 copies this program to SCRATCH_DIR under a hostile file name and execs that copy with
// hostile argv (so the executable path, the exec record's file name and cmdline are hostile).
// Stage 2 sets a hostile comm (prctl PR_SET_NAME), then maps memfds and files (in SCRATCH_DIR)
// whose names are the hostile texts below. With READY_FILE it writes its pid there and stays
// alive for 60 s (for `vmscope layout`); with "-" it exits (for `vmscope trace -- ...`).
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wl_io.h"

// Terminal escapes (SGR, OSC title with BEL), bare BEL, C1 CSI as UTF-8 and as a raw byte,
// invalid UTF-8, DEL, tab and CR, right-to-left override, wide and zero-width characters, a
// newline (maps writes it as \012), and a name as long as a file name may be.
static const char *const hostile_names[] = {
    "sgr-\x1b[31mred\x1b[0m",
    "osc-\x1b]0;pwned-title\x07",
    "bel-\x07\x07",
    "c1-\xc2\x9b" "2J",
    "rawc1-\x9b" "2J",
    "badutf8-\xff\xfe\xc0\x80",
    "del-\x7f",
    "tab-\t-cr-\r",
    "rtl-\xe2\x80\xae" "txt",
    "wide-\xe6\x97\xa5\xe6\x9c\xac-zw\xe2\x80\x8b\xe2\x80\x8d",
    "nl-\n-line",
    "long-WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW"
    "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW"
    "\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5\x1b[5m",
};

static int stage2(const char *scratch, const char *ready) {
    // comm is 15 bytes: an escape, BEL, a C1 byte and invalid UTF-8 fit.
    prctl(PR_SET_NAME, (unsigned long)"\x1b]0;t\x07\x9b\xff" "comm", 0, 0, 0);
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    for (size_t i = 0; i < sizeof hostile_names / sizeof *hostile_names; i++) {
        int memfd = memfd_create(hostile_names[i], 0);
        if (memfd >= 0 && ftruncate(memfd, (off_t)page) == 0)
            mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, memfd, 0);
        if (memfd >= 0) close(memfd);

        char path[4096];
        snprintf(path, sizeof path, "%s/%s", scratch, hostile_names[i]);
        int fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (fd >= 0 && ftruncate(fd, (off_t)page) == 0)
            mmap(NULL, page, PROT_READ, MAP_PRIVATE, fd, 0);
        if (fd >= 0) close(fd);
    }
    if (strcmp(ready, "-") == 0) return 0;
    int out = open(ready, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out >= 0) {
        wl_line(out, "%d", (int)getpid());
        close(out);
    }
    sleep(60);
    return 0;
}

int hostile_main(int argc, char **argv) {
    if (argc >= 4 && strcmp(argv[1], "hostile-stage2") == 0) return stage2(argv[2], argv[3]);
    if (argc < 3) {
        fprintf(stderr, "usage: vmscope-workload hostile SCRATCH_DIR READY_FILE|-\n");
        return 64;
    }
    const char *scratch = argv[1], *ready = argv[2];
    char exe[4096];
    snprintf(exe, sizeof exe, "%s/exe-\x1b]0;exe-title\x07-\x1b[2J-\xff-\xe6\x97\xa5\xe2\x80\x8b", scratch);
    int in = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    int out = open(exe, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
    struct stat st;
    if (in < 0 || out < 0 || fstat(in, &st) != 0) { perror("hostile: copy"); return 1; }
    for (off_t done = 0; done < st.st_size;) {
        ssize_t n = sendfile(out, in, NULL, (size_t)(st.st_size - done));
        if (n <= 0) { perror("hostile: sendfile"); return 1; }
        done += n;
    }
    close(in);
    close(out);
    char *args[] = {
        "argv0-\x1b]0;argv-title\x07", "hostile-stage2", (char *)scratch, (char *)ready,
        "\x1b[31m", "\xc2\x9b" "31m", "\xff\xfe", "\xe2\x80\xae" "rtl", NULL,
    };
    execv(exe, args);
    perror("hostile: execv");
    return 1;
}
