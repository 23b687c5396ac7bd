#include <bpf/libbpf.h>
#include <bpf/bpf.h>
// libelf (linked already for libbpf): the stack symbolizer reads programs' and libraries'
// symbol tables with it.
#include <libelf.h>
#include <gelf.h>
