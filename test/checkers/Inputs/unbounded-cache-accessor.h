#include <vector>

// Declared in a header: other files may call it, and trim what it returns.
std::vector<int> &history();
