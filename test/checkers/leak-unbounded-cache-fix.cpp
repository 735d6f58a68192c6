// Fix-its and their limits; the fixed file is compiled against the shipped
// header. OPTIONS: the cache's size and time to live, another container list.
// RUN: %check_clang_tidy %s leak-unbounded-cache %t -- -- -std=c++17 -I %S/../../include
// RUN: %check_clang_tidy -check-suffix=OPTIONS %s leak-unbounded-cache %t -- \
// RUN:   -config="{CheckOptions: {leak-unbounded-cache.MaxEntries: 500, leak-unbounded-cache.TimeToLive: 60, leak-unbounded-cache.ContainerTypes: 'std::unordered_map;app::Journal', leak-unbounded-cache.MaxGrowthNotes: 1}}" \
// RUN:   -- -std=c++17 -I %S/../../include
// A size of zero is reported.
// RUN: %clang_tidy_plugin --checks='-*,leak-unbounded-cache' %s \
// RUN:   -config="{CheckOptions: {leak-unbounded-cache.MaxEntries: 0}}" \
// RUN:   -- -std=c++17 -I %S/../../include 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: warning: option 'MaxEntries' of check 'leak-unbounded-cache' must be positive [clang-tidy-config]
// The header is added once, before the others.
// CHECK-FIXES: #include <leakguard/ttl_cache.h>
// CHECK-FIXES-EMPTY:
// CHECK-FIXES-NEXT: #include <string>
// CHECK-FIXES-OPTIONS: #include <leakguard/ttl_cache.h>

#include <string>
#include <unordered_map>
#include <vector>

std::string fetch(const std::string &);

namespace app {
template <class T> struct Journal {
  void record(const T &);
  void push_back(const T &);
};
} // namespace app

// Every use fits: lookups, insertions, iteration, auto iterators.
static std::unordered_map<std::string, std::string> pages;
// CHECK-NOTES: :[[@LINE-1]]:53: warning: 'pages' grows without bound on caller data: entries keyed by the parameter 'url' are added but never removed; use a bounded cache such as 'leakguard::ttl_cache' [leak-unbounded-cache]
// CHECK-NOTES: :[[@LINE+8]]:31: note: 'pages' grows here with data from the parameter 'url'
// CHECK-NOTES-OPTIONS: :[[@LINE-3]]:53: warning: 'pages' grows without bound on caller data: entries keyed by the parameter 'url' are added but never removed; use a bounded cache such as 'leakguard::ttl_cache' [leak-unbounded-cache]
// CHECK-NOTES-OPTIONS: :[[@LINE+6]]:31: note: 'pages' grows here with data from the parameter 'url'
// CHECK-FIXES: static leakguard::ttl_cache<std::string, std::string> pages{10000};
// CHECK-FIXES-OPTIONS: static leakguard::ttl_cache<std::string, std::string> pages{500, std::chrono::seconds(60)};
const std::string &page(const std::string &url) {
  if (auto it = pages.find(url); it != pages.end())
    return it->second;
  auto [it, inserted] = pages.emplace(url, fetch(url));
  (void)inserted;
  return it->second;
}
int pages_total() {
  int total = 0;
  for (const auto &entry : pages)
    total += static_cast<int>(entry.second.size());
  if (pages.count("index") && !pages.empty())
    total += static_cast<int>(pages.at("index").size());
  return total;
}

// Empty initializers are replaced.
static std::unordered_map<std::string, int> braced{};
// CHECK-NOTES: :[[@LINE-1]]:45: warning: 'braced' grows without bound on caller data: entries keyed by the parameter 'key' are added but never removed; use a bounded cache such as 'leakguard::ttl_cache' [leak-unbounded-cache]
// CHECK-NOTES: :[[@LINE+14]]:45: note: 'braced' grows here with data from the parameter 'key'
// CHECK-NOTES-OPTIONS: :[[@LINE-3]]:45: warning: 'braced' grows without bound on caller data: entries keyed by the parameter 'key' are added but never removed; use a bounded cache such as 'leakguard::ttl_cache' [leak-unbounded-cache]
// CHECK-NOTES-OPTIONS: :[[@LINE+12]]:45: note: 'braced' grows here with data from the parameter 'key'
thread_local std::unordered_map<std::string,
                                int>
    assigned = {};
// CHECK-NOTES: :[[@LINE-1]]:5: warning: 'assigned' grows without bound on caller data: entries keyed by the parameter 'key' are added but never removed; use a bounded cache such as 'leakguard::ttl_cache' [leak-unbounded-cache]
// CHECK-NOTES: :[[@LINE+7]]:61: note: 'assigned' grows here with data from the parameter 'key'
// CHECK-NOTES-OPTIONS: :[[@LINE-3]]:5: warning: 'assigned' grows without bound on caller data: entries keyed by the parameter 'key' are added but never removed; use a bounded cache such as 'leakguard::ttl_cache' [leak-unbounded-cache]
// CHECK-NOTES-OPTIONS: :[[@LINE+5]]:61: note: 'assigned' grows here with data from the parameter 'key'
// CHECK-FIXES: static leakguard::ttl_cache<std::string, int> braced{10000};
// CHECK-FIXES: thread_local leakguard::ttl_cache<std::string,
// CHECK-FIXES-NEXT: int>
// CHECK-FIXES-NEXT: assigned{10000};
int hits(const std::string &key) { return ++braced[key] + ++assigned[key]; }

// A use the cache does not have.
static std::unordered_map<int, int> squares;
// CHECK-NOTES: :[[@LINE-1]]:37: warning: 'squares' grows without bound on caller data: entries keyed by the parameter 'n' are added but never removed; use a bounded cache such as 'leakguard::ttl_cache' [leak-unbounded-cache]
// CHECK-NOTES: :[[@LINE+7]]:18: note: 'squares' grows here with data from the parameter 'n'
// CHECK-NOTES: :[[@LINE+5]]:3: note: no automatic fix: 'leakguard::ttl_cache' has no 'reserve' with 1 argument; declare it as 'leakguard::ttl_cache<int, int> squares{10000}'
// CHECK-NOTES-OPTIONS: :[[@LINE-4]]:37: warning: 'squares' grows without bound on caller data: entries keyed by the parameter 'n' are added but never removed; use a bounded cache such as 'leakguard::ttl_cache' [leak-unbounded-cache]
// CHECK-NOTES-OPTIONS: :[[@LINE+4]]:18: note: 'squares' grows here with data from the parameter 'n'
// CHECK-NOTES-OPTIONS: :[[@LINE+2]]:3: note: no automatic fix: 'leakguard::ttl_cache' has no 'reserve' with 1 argument; declare it as 'leakguard::ttl_cache<int, int> squares{500, std::chrono::seconds(60)}'
int square(int n) {
  squares.reserve(100);
  return squares.try_emplace(n, n * n).first->second;
}

// An iterator passed on as a std::unordered_map iterator.
static std::unordered_map<int, std::string> labels;
// CHECK-NOTES: :[[@LINE-1]]:45: warning: 'labels' grows without bound on caller data: entries keyed by the parameter 'id' are added but never removed; use a bounded cache such as 'leakguard::ttl_cache' [leak-unbounded-cache]
// CHECK-NOTES: :[[@LINE+7]]:10: note: 'labels' grows here with data from the parameter 'id'
// CHECK-NOTES: :[[@LINE+7]]:8: note: no automatic fix: the iterator that 'find' returns here is used as a standard iterator; declare it as 'leakguard::ttl_cache<int, std::string> labels{10000}'
// CHECK-NOTES-OPTIONS: :[[@LINE-4]]:45: warning: 'labels' grows without bound on caller data: entries keyed by the parameter 'id' are added but never removed; use a bounded cache such as 'leakguard::ttl_cache' [leak-unbounded-cache]
// CHECK-NOTES-OPTIONS: :[[@LINE+4]]:10: note: 'labels' grows here with data from the parameter 'id'
// CHECK-NOTES-OPTIONS: :[[@LINE+4]]:8: note: no automatic fix: the iterator that 'find' returns here is used as a standard iterator; declare it as 'leakguard::ttl_cache<int, std::string> labels{500, std::chrono::seconds(60)}'
void show(std::unordered_map<int, std::string>::iterator);
void label(int id, const std::string &text) {
  labels.insert_or_assign(id, text);
  show(labels.find(id));
}

// Declarations the fix cannot rewrite.
using Table = std::unordered_map<std::string, int>;
static Table aliased;
// CHECK-NOTES: :[[@LINE-1]]:14: warning: 'aliased' grows without bound on caller data: entries keyed by the parameter 'k' are added but never removed; use a bounded cache such as 'leakguard::ttl_cache' [leak-unbounded-cache]
// CHECK-NOTES: :[[@LINE+44]]:3: note: 'aliased' grows here with data from the parameter 'k'
// CHECK-NOTES: :[[@LINE-3]]:14: note: no automatic fix: its type is spelled through an alias; declare it as 'leakguard::ttl_cache<std::string, int> aliased{10000}'
// CHECK-NOTES-OPTIONS: :[[@LINE-4]]:14: warning: 'aliased' grows without bound on caller data: entries keyed by the parameter 'k' are added but never removed; use a bounded cache such as 'leakguard::ttl_cache' [leak-unbounded-cache]
// CHECK-NOTES-OPTIONS: :[[@LINE+41]]:3: note: 'aliased' grows here with data from the parameter 'k'
// CHECK-NOTES-OPTIONS: :[[@LINE-6]]:14: note: no automatic fix: its type is spelled through an alias; declare it as 'leakguard::ttl_cache<std::string, int> aliased{500, std::chrono::seconds(60)}'
static std::unordered_map<std::string, int> initialized{{"a", 1}};
// CHECK-NOTES: :[[@LINE-1]]:45: warning: 'initialized' grows without bound on caller data: entries keyed by the parameter 'k' are added but never removed; use a bounded cache such as 'leakguard::ttl_cache' [leak-unbounded-cache]
// CHECK-NOTES: :[[@LINE+38]]:3: note: 'initialized' grows here with data from the parameter 'k'
// CHECK-NOTES: :[[@LINE-3]]:45: note: no automatic fix: it has an initializer; declare it as 'leakguard::ttl_cache<std::string, int> initialized{10000}'
// CHECK-NOTES-OPTIONS: :[[@LINE-4]]:45: warning: 'initialized' grows without bound on caller data: entries keyed by the parameter 'k' are added but never removed; use a bounded cache such as 'leakguard::ttl_cache' [leak-unbounded-cache]
// CHECK-NOTES-OPTIONS: :[[@LINE+35]]:3: note: 'initialized' grows here with data from the parameter 'k'
// CHECK-NOTES-OPTIONS: :[[@LINE-6]]:45: note: no automatic fix: it has an initializer; declare it as 'leakguard::ttl_cache<std::string, int> initialized{500, std::chrono::seconds(60)}'
#define DECLARE_MAP(name) static std::unordered_map<std::string, int> name
DECLARE_MAP(in_macro);
// CHECK-NOTES: :[[@LINE-1]]:13: warning: 'in_macro' grows without bound on caller data: entries keyed by the parameter 'k' are added but never removed; use a bounded cache such as 'leakguard::ttl_cache' [leak-unbounded-cache]
// CHECK-NOTES: :[[@LINE+31]]:3: note: 'in_macro' grows here with data from the parameter 'k'
// CHECK-NOTES: :[[@LINE-3]]:13: note: no automatic fix: its declaration is in a macro; declare it as 'leakguard::ttl_cache<std::string, int> in_macro{10000}'
// CHECK-NOTES-OPTIONS: :[[@LINE-4]]:13: warning: 'in_macro' grows without bound on caller data: entries keyed by the parameter 'k' are added but never removed; use a bounded cache such as 'leakguard::ttl_cache' [leak-unbounded-cache]
// CHECK-NOTES-OPTIONS: :[[@LINE+28]]:3: note: 'in_macro' grows here with data from the parameter 'k'
// CHECK-NOTES-OPTIONS: :[[@LINE-6]]:13: note: no automatic fix: its declaration is in a macro; declare it as 'leakguard::ttl_cache<std::string, int> in_macro{500, std::chrono::seconds(60)}'
static std::unordered_map<std::string, int> first, second;
// CHECK-NOTES: :[[@LINE-1]]:45: warning: 'first' grows without bound on caller data: entries keyed by the parameter 'k' are added but never removed; use a bounded cache such as 'leakguard::ttl_cache' [leak-unbounded-cache]
// CHECK-NOTES: :[[@LINE+25]]:3: note: 'first' grows here with data from the parameter 'k'
// CHECK-NOTES: :[[@LINE-3]]:45: note: no automatic fix: it is not declared on its own; declare it as 'leakguard::ttl_cache<std::string, int> first{10000}'
// CHECK-NOTES: :[[@LINE-4]]:52: warning: 'second' grows without bound on caller data: entries keyed by the parameter 'k' are added but never removed; use a bounded cache such as 'leakguard::ttl_cache' [leak-unbounded-cache]
// CHECK-NOTES: :[[@LINE+23]]:3: note: 'second' grows here with data from the parameter 'k'
// CHECK-NOTES: :[[@LINE-6]]:52: note: no automatic fix: it is not declared on its own; declare it as 'leakguard::ttl_cache<std::string, int> second{10000}'
// CHECK-NOTES-OPTIONS: :[[@LINE-7]]:45: warning: 'first' grows without bound on caller data: entries keyed by the parameter 'k' are added but never removed; use a bounded cache such as 'leakguard::ttl_cache' [leak-unbounded-cache]
// CHECK-NOTES-OPTIONS: :[[@LINE+19]]:3: note: 'first' grows here with data from the parameter 'k'
// CHECK-NOTES-OPTIONS: :[[@LINE-9]]:45: note: no automatic fix: it is not declared on its own; declare it as 'leakguard::ttl_cache<std::string, int> first{500, std::chrono::seconds(60)}'
// CHECK-NOTES-OPTIONS: :[[@LINE-10]]:52: warning: 'second' grows without bound on caller data: entries keyed by the parameter 'k' are added but never removed; use a bounded cache such as 'leakguard::ttl_cache' [leak-unbounded-cache]
// CHECK-NOTES-OPTIONS: :[[@LINE+17]]:3: note: 'second' grows here with data from the parameter 'k'
// CHECK-NOTES-OPTIONS: :[[@LINE-12]]:52: note: no automatic fix: it is not declared on its own; declare it as 'leakguard::ttl_cache<std::string, int> second{500, std::chrono::seconds(60)}'
struct Hosts {
  static std::unordered_map<std::string, int> ports;
};
std::unordered_map<std::string, int> Hosts::ports;
// CHECK-NOTES: :[[@LINE-1]]:45: warning: 'ports' grows without bound on caller data: entries keyed by the parameter 'k' are added but never removed; use a bounded cache such as 'leakguard::ttl_cache' [leak-unbounded-cache]
// CHECK-NOTES: :[[@LINE+11]]:3: note: 'ports' grows here with data from the parameter 'k'
// CHECK-NOTES: :[[@LINE-3]]:45: note: no automatic fix: it is declared more than once; declare it as 'leakguard::ttl_cache<std::string, int> ports{10000}'
// CHECK-NOTES-OPTIONS: :[[@LINE-4]]:45: warning: 'ports' grows without bound on caller data: entries keyed by the parameter 'k' are added but never removed; use a bounded cache such as 'leakguard::ttl_cache' [leak-unbounded-cache]
// CHECK-NOTES-OPTIONS: :[[@LINE+8]]:3: note: 'ports' grows here with data from the parameter 'k'
// CHECK-NOTES-OPTIONS: :[[@LINE-6]]:45: note: no automatic fix: it is declared more than once; declare it as 'leakguard::ttl_cache<std::string, int> ports{500, std::chrono::seconds(60)}'
void remember(const std::string &k) {
  aliased[k] = 1;
  initialized[k] = 1;
  in_macro[k] = 1;
  first[k] = 1;
  second[k] = 1;
  Hosts::ports[k] = 1;
}

// A leaky singleton held through a pointer: reported, no fix.
std::unordered_map<std::string, int> &counters() {
  static auto *table = new std::unordered_map<std::string, int>;
  return *table;
}
static auto *ids = new std::unordered_map<std::string, int>;
// CHECK-NOTES: :[[@LINE-1]]:14: warning: 'ids' grows without bound on caller data: entries keyed by the parameter 'name' are added but never removed; use a bounded cache such as 'leakguard::ttl_cache' [leak-unbounded-cache]
// CHECK-NOTES: :[[@LINE+9]]:10: note: 'ids' grows here with data from the parameter 'name'
// CHECK-NOTES: :[[@LINE-3]]:14: note: no automatic fix: it has an initializer; declare it as 'leakguard::ttl_cache<std::string, int> ids{10000}'
// CHECK-NOTES-OPTIONS: :[[@LINE-4]]:14: warning: 'ids' grows without bound on caller data: entries keyed by the parameter 'name' are added but never removed; use a bounded cache such as 'leakguard::ttl_cache' [leak-unbounded-cache]
// CHECK-NOTES-OPTIONS: :[[@LINE+6]]:10: note: 'ids' grows here with data from the parameter 'name'
// CHECK-NOTES-OPTIONS: :[[@LINE-6]]:14: note: no automatic fix: it has an initializer; declare it as 'leakguard::ttl_cache<std::string, int> ids{500, std::chrono::seconds(60)}'
int id_of(const std::string &name) {
  auto it = ids->find(name);
  if (it != ids->end())
    return it->second;
  return (*ids)[name] = static_cast<int>(ids->size());
}

// A static whose type depends on a template parameter: each instantiation
// has its own, analyzed there, reported once; no fix in instantiations.
template <class T> int intern(const T &value) {
  static std::unordered_map<T, int> interned;
// CHECK-NOTES: :[[@LINE-1]]:37: warning: 'interned' grows without bound on caller data: entries keyed by the parameter 'value' are added but never removed; use a bounded cache such as 'leakguard::ttl_cache' [leak-unbounded-cache]
// CHECK-NOTES: :[[@LINE+5]]:19: note: 'interned' grows here with data from the parameter 'value'
// CHECK-NOTES: :[[@LINE-3]]:37: note: no automatic fix: fixes are not made in template instantiations; declare it as 'leakguard::ttl_cache<T, int> interned{10000}'
// CHECK-NOTES-OPTIONS: :[[@LINE-4]]:37: warning: 'interned' grows without bound on caller data: entries keyed by the parameter 'value' are added but never removed; use a bounded cache such as 'leakguard::ttl_cache' [leak-unbounded-cache]
// CHECK-NOTES-OPTIONS: :[[@LINE+2]]:19: note: 'interned' grows here with data from the parameter 'value'
// CHECK-NOTES-OPTIONS: :[[@LINE-6]]:37: note: no automatic fix: fixes are not made in template instantiations; declare it as 'leakguard::ttl_cache<T, int> interned{500, std::chrono::seconds(60)}'
  return interned.try_emplace(value, static_cast<int>(interned.size()))
      .first->second;
}
int use_intern() { return intern(1) + intern(std::string("x")); }

// A type only in the OPTIONS run's list.
static app::Journal<std::string> journal;
// CHECK-NOTES-OPTIONS: :[[@LINE-1]]:34: warning: 'journal' grows without bound on caller data: elements from the parameter 'line' are appended but never removed; cap its size or use a ring buffer [leak-unbounded-cache]
// CHECK-NOTES-OPTIONS: :[[@LINE+7]]:11: note: 'journal' grows here with data from the parameter 'line'
// CHECK-NOTES-OPTIONS: :[[@LINE-3]]:34: note: no automatic fix for a sequence: drop the oldest elements once it holds 500, or use a ring buffer
static std::vector<std::string> history;
// CHECK-NOTES: :[[@LINE-1]]:33: warning: 'history' grows without bound on caller data: elements from the parameter 'line' are appended but never removed; cap its size or use a ring buffer [leak-unbounded-cache]
// CHECK-NOTES: :[[@LINE+4]]:11: note: 'history' grows here with data from the parameter 'line'
// CHECK-FIXES: static leakguard::bounded_log<std::string> history{10000};
void note(const std::string &line) {
  journal.push_back(line);
  history.push_back(line);
}

// Quiet: a dependent erase in a template bounds it.
static std::unordered_map<std::string, int> trimmed;
template <class K> void drop(const K &key) { trimmed.erase(key); }
void keep(const std::string &key) { trimmed[key] = 1; }
