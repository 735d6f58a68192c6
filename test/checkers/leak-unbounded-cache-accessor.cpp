// A static cache reached through a function that returns it by reference:
// the function's calls are the uses of the cache.
// RUN: %check_clang_tidy %s leak-unbounded-cache %t -- -- -std=c++17 -I %S/../../include -I %S/Inputs
// CHECK-FIXES: #include <leakguard/ttl_cache.h>

#include <string>
#include <unordered_map>
#include <vector>
#include "unbounded-cache-accessor.h"

std::string lookup(const std::string &host);

// A DNS cache keyed by host name, grown by its callers.
namespace {
auto &dns_cache() {
  static std::unordered_map<std::string, std::string> entries;
  // CHECK-NOTES: :[[@LINE-1]]:55: warning: 'entries' grows without bound on caller data: entries keyed by the parameter 'host' are added but never removed; use a bounded cache such as 'leakguard::ttl_cache' [leak-unbounded-cache]
  // CHECK-NOTES: :[[@LINE+11]]:3: note: 'entries' grows here with data from the parameter 'host'
  // CHECK-FIXES: static leakguard::ttl_cache<std::string, std::string> entries{10000};
  return entries;
}
} // namespace

std::string resolve(const std::string &host) {
  auto it = dns_cache().find(host);
  if (it != dns_cache().end())
    return it->second;
  std::string ip = lookup(host);
  dns_cache()[host] = ip;
  return ip;
}

// A static member function, the return type spelled out: no fix.
class Registry {
  static std::vector<std::string> &names() {
    static std::vector<std::string> list;
    // CHECK-NOTES: :[[@LINE-1]]:37: warning: 'list' grows without bound on caller data: elements from the parameter 'name' are appended but never removed; cap its size or use a ring buffer [leak-unbounded-cache]
    // CHECK-NOTES: :[[@LINE+6]]:55: note: 'list' grows here with data from the parameter 'name'
    // CHECK-NOTES: :[[@LINE+1]]:12: note: no automatic fix: 'names' returns it as 'std::vector<std::string> &'; declare it as 'leakguard::bounded_log<std::string> list{10000}'
    return list;
  }

public:
  static void seen(const std::string &name) { names().push_back(name); }
};

static std::unordered_map<std::string, int> &counters() {
  static std::unordered_map<std::string, int> counts;
  // CHECK-NOTES: :[[@LINE-1]]:47: warning: 'counts' grows without bound on caller data: entries keyed by the parameter 'key' are added but never removed; use a bounded cache such as 'leakguard::ttl_cache' [leak-unbounded-cache]
  // CHECK-NOTES: :[[@LINE+5]]:40: note: 'counts' grows here with data from the parameter 'key'
  // CHECK-NOTES: :[[@LINE+1]]:10: note: no automatic fix: 'counters' returns it as 'std::unordered_map<std::string, int> &'; declare it as 'leakguard::ttl_cache<std::string, int> counts{10000}'
  return counts;
}

void count(const std::string &key) { ++counters()[key]; }

// ---- Negatives

// A caller trims it.
static auto &sessions() {
  static std::unordered_map<std::string, int> open;
  return open;
}
void open_session(const std::string &id) { sessions()[id] = 1; }
void close_session(const std::string &id) { sessions().erase(id); }

// Handed out as const: its callers cannot grow it.
static const std::vector<int> &primes() {
  static std::vector<int> table;
  return table;
}
int first_prime() { return primes().front(); }

// The reference is kept by a caller, who may do anything with it.
static auto &buffers() {
  static std::vector<std::string> pool;
  return pool;
}
void keep(const std::string &s) {
  auto &all = buffers();
  all.push_back(s);
}

// Declared in a header: another translation unit may call it (and trim
// it).
std::vector<int> &history() {
  static std::vector<int> events;
  return events;
}
void record(int event) { history().push_back(event); }
