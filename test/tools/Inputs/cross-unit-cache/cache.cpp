#include "sessions.h"

// In no header; nothing erases it, here or elsewhere.
std::unordered_map<std::string, int> cache;

void remember(const std::string &key) { cache[key] = 1; }
