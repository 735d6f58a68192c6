#include "flows.h"

Registry registry;
Stats *stats;
