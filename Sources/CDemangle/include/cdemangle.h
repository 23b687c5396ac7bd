#ifndef CDEMANGLE_H
#define CDEMANGLE_H

/* The readable form of a C++ (Itanium ABI, `_Z…`) or Swift (`$s…`, `_T0…`) symbol name, by
 * the runtimes' own demanglers (libstdc++'s __cxa_demangle, libswiftCore's swift_demangle);
 * NULL when `name` is neither or does not demangle. The caller frees the result. */
char *cdemangle(const char *name);

#endif
