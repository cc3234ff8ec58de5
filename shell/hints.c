/* STUB */
#include "io.h"
const char *hint_lookup(const char *op, int err) { return NULL; }
