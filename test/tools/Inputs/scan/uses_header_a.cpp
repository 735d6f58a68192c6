#include "locks.h"
bool take_a() { return header_take(false); }
