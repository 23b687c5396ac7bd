#include "cdemangle.h"
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Both are extern "C" in their runtimes: libstdc++ (linked for this target) and libswiftCore
 * (every Swift program links it). */
extern char *__cxa_demangle(const char *mangled, char *buffer, size_t *length, int *status);
extern char *swift_demangle(const char *mangled, size_t length, char *buffer, size_t *bufferSize,
                            uint32_t flags);

char *cdemangle(const char *name) {
    if (strncmp(name, "_Z", 2) == 0) {
        int status = 0;
        char *readable = __cxa_demangle(name, NULL, NULL, &status);
        return status == 0 ? readable : NULL;
    }
    if (strncmp(name, "$s", 2) == 0 || strncmp(name, "$S", 2) == 0 || strncmp(name, "_T0", 3) == 0 ||
        strncmp(name, "_$s", 3) == 0) {
        return swift_demangle(name, strlen(name), NULL, NULL, 0);
    }
    return NULL;
}
