#include "cprobe.h"
