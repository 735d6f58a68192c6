#include "plugins.h"

void drop_conn(Conn *c) { delete c; }
