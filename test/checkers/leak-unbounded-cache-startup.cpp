// Start-up data is not a request cache: a static container filled by a
// function that only main calls, once.
// RUN: %check_clang_tidy %s leak-unbounded-cache %t -- -- -std=c++17 -I %S/../../include

#include <map>
#include <string>
#include <vector>

void handle(const std::string &request);
bool next_request(std::string &request);

// ---- Negatives: filled once, from main

static std::vector<std::string> include_dirs;
static std::map<std::string, std::string> settings;

static void parse_args(int argc, char **argv) {
  for (int i = 1; i < argc; ++i)
    include_dirs.push_back(argv[i]);
}

namespace {
void load_settings(const std::string &line) {
  settings[line.substr(0, line.find('='))] = line.substr(line.find('=') + 1);
}
} // namespace

// ---- Positives: the same shape, run again and again

static std::vector<std::string> seen_requests;
// CHECK-MESSAGES: :[[@LINE-1]]:33: warning: 'seen_requests' grows without bound on caller data: elements from the parameter 'request' are appended but never removed; cap its size or use a ring buffer [leak-unbounded-cache]
static void remember(const std::string &request) {
  seen_requests.push_back(request);
}

static std::map<std::string, int> hits;
// CHECK-MESSAGES: :[[@LINE-1]]:35: warning: 'hits' grows without bound on caller data: entries keyed by the parameter 'path' are added but never removed; use a bounded cache such as 'leakguard::ttl_cache' [leak-unbounded-cache]
static void count_hit(const std::string &path) { ++hits[path]; }
void serve(const std::string &path) { count_hit(path); }

int main(int argc, char **argv) {
  parse_args(argc, argv);
  load_settings("port=80");
  std::string request;
  while (next_request(request)) {
    remember(request);
    handle(request);
  }
  serve("/");
  return 0;
}
// CHECK-FIXES: static leakguard::bounded_log<std::string> seen_requests{10000};
// CHECK-FIXES: static leakguard::ttl_cache<std::string, int> hits{10000};
