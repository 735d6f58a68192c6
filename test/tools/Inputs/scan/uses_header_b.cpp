#include "locks.h"
bool take_b() { return header_take(true); }
