#ifndef VMSCOPE_H
#define VMSCOPE_H
#include <linux/types.h>
#endif
