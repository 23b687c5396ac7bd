#ifndef CPROBE_H
#define CPROBE_H
#include "../../../bpf/vmscope.h"
#endif
