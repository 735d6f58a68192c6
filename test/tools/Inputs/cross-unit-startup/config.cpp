#include "config.h"
#include <set>
#include <unordered_map>
#include <vector>

// Filled by load_config, which only main calls, once.
static std::vector<std::string> paths;
// Filled by add_plugins, which only load_plugins calls, which only main
// calls, once.
static std::set<std::string> plugins;
// Filled by remember, which main calls once and handle per request.
static std::unordered_map<std::string, int> seen;
// Filled by load_extra, which main calls in a loop.
static std::vector<std::string> extra;

void load_config(int argc, char **argv) {
  for (int i = 1; i < argc; ++i)
    paths.push_back(argv[i]);
}

static void add_plugins(char **argv) {
  for (char **a = argv; *a; ++a)
    plugins.insert(*a);
}
void load_plugins(char **argv) { add_plugins(argv); }

void load_extra(const char *arg) { extra.push_back(arg); }

void remember(const std::string &key) { seen[key] += 1; }

bool allowed(const std::string &path) {
  for (const std::string &p : paths)
    if (p == path)
      return plugins.count(path) == 0 && extra.size() < 8;
  return false;
}
