// RUN: %check_clang_tidy -copy-inputs=%S/Inputs %s leak-unbounded-cache %t -- -- -std=c++17 -I %S/../../include -I @INPUTS@
// The member in the header is fixed there, in this run's copy of Inputs/.
// RUN: FileCheck %s --check-prefix=HEADER --input-file=%t.cpp.inputs/unbounded-cache-shared.h
// RUN: %check_clang_tidy -check-suffix=EXTERNAL -copy-inputs=%S/Inputs %s leak-unbounded-cache %t -- \
// RUN:   -config="{CheckOptions: {leak-unbounded-cache.ReportExternallyVisible: true, leak-unbounded-cache.ReportPointerElements: true}}" -- -std=c++17 -I %S/../../include -I @INPUTS@

#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>
#include <leakguard/ttl_cache.h>
#include "unbounded-cache-shared.h"

int compute(const std::string &);

// ---- Positives --------------------------------------------------------------

// A function-local static that memoizes per caller input.
int lookup(const std::string &key) {
  static std::unordered_map<std::string, int> cache;
// CHECK-NOTES: :[[@LINE-1]]:47: warning: 'cache' grows without bound on caller data: entries keyed by the parameter 'key' are added but never removed; use a bounded cache such as 'leakguard::ttl_cache' [leak-unbounded-cache]
// CHECK-NOTES: :[[@LINE+8]]:3: note: 'cache' grows here with data from the parameter 'key'
// CHECK-NOTES-EXTERNAL: :[[@LINE-3]]:47: warning: 'cache' grows without bound on caller data: entries keyed by the parameter 'key' are added but never removed; use a bounded cache such as 'leakguard::ttl_cache' [leak-unbounded-cache]
// CHECK-NOTES-EXTERNAL: :[[@LINE+6]]:3: note: 'cache' grows here with data from the parameter 'key'
  // CHECK-FIXES: static leakguard::ttl_cache<std::string, int> cache{10000};
  auto it = cache.find(key);
  if (it != cache.end())
    return it->second;
  int value = compute(key);
  cache[key] = value;
  return value;
}

// A file-static log that only grows.
static std::vector<std::string> audit_log;
// CHECK-NOTES: :[[@LINE-1]]:33: warning: 'audit_log' grows without bound on caller data: elements from the parameter 'line' are appended but never removed; cap its size or use a ring buffer [leak-unbounded-cache]
// CHECK-NOTES: :[[@LINE+5]]:49: note: 'audit_log' grows here with data from the parameter 'line'
// CHECK-FIXES: static leakguard::bounded_log<std::string> audit_log{10000};
// CHECK-NOTES-EXTERNAL: :[[@LINE-4]]:33: warning: 'audit_log' grows without bound on caller data: elements from the parameter 'line' are appended but never removed; cap its size or use a ring buffer [leak-unbounded-cache]
// CHECK-NOTES-EXTERNAL: :[[@LINE+2]]:49: note: 'audit_log' grows here with data from the parameter 'line'
// CHECK-FIXES-EXTERNAL: static leakguard::bounded_log<std::string> audit_log{10000};
void audit(const std::string &line) { audit_log.push_back(line); }

// A static data member of a class of this file.
struct Dns {
  static std::map<std::string, std::string> answers;
  static void remember(const std::string &host, const std::string &ip) {
    answers.emplace(host, ip);
  }
};
std::map<std::string, std::string> Dns::answers;
// CHECK-NOTES: :[[@LINE-1]]:41: warning: 'answers' grows without bound on caller data: entries keyed by the parameter 'host' are added but never removed; use a bounded cache such as 'leakguard::ttl_cache' [leak-unbounded-cache]
// CHECK-NOTES: :[[@LINE-5]]:13: note: 'answers' grows here with data from the parameter 'host'
// CHECK-NOTES: :[[@LINE-3]]:41: note: no automatic fix: it is declared more than once; declare it as 'leakguard::ttl_cache<std::string, std::string> answers{10000}'
// CHECK-NOTES-EXTERNAL: :[[@LINE-4]]:41: warning: 'answers' grows without bound on caller data: entries keyed by the parameter 'host' are added but never removed; use a bounded cache such as 'leakguard::ttl_cache' [leak-unbounded-cache]
// CHECK-NOTES-EXTERNAL: :[[@LINE-8]]:13: note: 'answers' grows here with data from the parameter 'host'
// CHECK-NOTES-EXTERNAL: :[[@LINE-6]]:41: note: no automatic fix: it is declared more than once; declare it as 'leakguard::ttl_cache<std::string, std::string> answers{10000}'

// A thread_local set of seen ids.
thread_local std::unordered_set<long> seen_ids;
// CHECK-NOTES: :[[@LINE-1]]:39: warning: 'seen_ids' grows without bound on caller data: elements from the parameter 'id' are added but never removed; cap its size or evict old elements [leak-unbounded-cache]
// CHECK-NOTES: :[[@LINE+5]]:44: note: 'seen_ids' grows here with data from the parameter 'id'
// CHECK-FIXES: thread_local leakguard::ttl_set<long> seen_ids{10000};
// CHECK-NOTES-EXTERNAL: :[[@LINE-4]]:39: warning: 'seen_ids' grows without bound on caller data: elements from the parameter 'id' are added but never removed; cap its size or evict old elements [leak-unbounded-cache]
// CHECK-NOTES-EXTERNAL: :[[@LINE+2]]:44: note: 'seen_ids' grows here with data from the parameter 'id'
// CHECK-FIXES-EXTERNAL: thread_local leakguard::ttl_set<long> seen_ids{10000};
bool first_time(long id) { return seen_ids.insert(id).second; }

// A member of a singleton.
class Sessions {
public:
  static Sessions &instance() {
    static Sessions sessions;
    return sessions;
  }
  void open(const std::string &token, int user) {
    std::lock_guard<std::mutex> lock(mu_);
    by_token_.try_emplace(token, user);
  }
  int user(const std::string &token) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = by_token_.find(token);
    return it == by_token_.end() ? -1 : it->second;
  }

private:
  Sessions() = default;
  std::mutex mu_;
  std::unordered_map<std::string, int> by_token_;
// CHECK-NOTES: :[[@LINE-1]]:40: warning: 'by_token_' grows without bound on caller data: entries keyed by the parameter 'token' are added but never removed; use a bounded cache such as 'leakguard::ttl_cache' [leak-unbounded-cache]
// CHECK-NOTES: :[[@LINE-13]]:15: note: 'by_token_' grows here with data from the parameter 'token'
// CHECK-NOTES-EXTERNAL: :[[@LINE-3]]:40: warning: 'by_token_' grows without bound on caller data: entries keyed by the parameter 'token' are added but never removed; use a bounded cache such as 'leakguard::ttl_cache' [leak-unbounded-cache]
// CHECK-NOTES-EXTERNAL: :[[@LINE-15]]:15: note: 'by_token_' grows here with data from the parameter 'token'
  // CHECK-FIXES: leakguard::ttl_cache<std::string, int> by_token_{10000};
};

// An append-only string log, growing without caller data.
static std::string trace;
// CHECK-NOTES: :[[@LINE-1]]:20: warning: 'trace' grows without bound: text is appended but never removed; cap its size or write it out [leak-unbounded-cache]
// CHECK-NOTES: :[[@LINE+5]]:21: note: 'trace' grows here
// CHECK-FIXES: static leakguard::bounded_string trace{10000};
// CHECK-NOTES-EXTERNAL: :[[@LINE-4]]:20: warning: 'trace' grows without bound: text is appended but never removed; cap its size or write it out [leak-unbounded-cache]
// CHECK-NOTES-EXTERNAL: :[[@LINE+2]]:21: note: 'trace' grows here
// CHECK-FIXES-EXTERNAL: static leakguard::bounded_string trace{10000};
void tick() { trace += "tick\n"; }

// ---- Negatives --------------------------------------------------------------

// Constant tables.
const std::map<std::string, int> kLimits = {{"a", 1}};
static const std::vector<int> kPrimes{2, 3, 5};
int limit(const std::string &k) { return kLimits.at(k) + kPrimes[0]; }

// Filled once, in the initializer, in a std::call_once, or with fixed keys.
static std::unordered_map<int, std::string> names = [] {
  std::unordered_map<int, std::string> m;
  for (int i = 0; i < 10; ++i)
    m[i] = std::to_string(i);
  return m;
}();
static std::vector<int> once_table;
static std::once_flag once_flag;
int table_at(int i) {
  std::call_once(once_flag, [] {
    for (int k = 0; k < 100; ++k)
      once_table.push_back(k * k);
  });
  return once_table[i] + static_cast<int>(names.size());
}
static std::map<std::string, int> fixed_keys;
void bump(int n) {
  fixed_keys["requests"] += n;
  fixed_keys.emplace("errors", 0);
}

// A singleton that fills its table in its constructor.
class Mime {
public:
  static Mime &get() {
    static Mime mime;
    return mime;
  }
  const std::string &type(const std::string &ext) { return types_.at(ext); }

private:
  Mime() {
    for (const char *ext : {"html", "css"})
      types_.emplace(ext, std::string("text/") + ext);
  }
  std::map<std::string, std::string> types_;
};

// Bounded: erase, clear, pop, a size guard (around or before the growth).
static std::unordered_map<std::string, int> with_erase;
void put1(const std::string &k) { with_erase[k] = 1; }
void drop1(const std::string &k) { with_erase.erase(k); }
static std::vector<std::string> with_clear;
void put2(const std::string &k) {
  with_clear.push_back(k);
  if (k.empty())
    with_clear.clear();
}
static std::deque<int> window;
void put3(int v) {
  window.push_back(v);
  if (window.size() > 100)
    window.pop_front();
}
static std::set<std::string> guarded;
void put4(const std::string &k) {
  if (guarded.size() < 1000)
    guarded.insert(k);
}
static std::map<std::string, int> early_guard;
void put5(const std::string &k) {
  if (early_guard.size() >= 1000)
    return;
  early_guard[k] = 1;
}

// Not program lifetime: locals and members of ordinary objects.
int local_only(const std::vector<std::string> &in) {
  std::unordered_map<std::string, int> counts;
  for (const auto &s : in)
    counts[s]++;
  return static_cast<int>(counts.size());
}
struct Request {
  std::vector<std::string> headers;
  void add(const std::string &h) { headers.push_back(h); }
};
int handle() {
  Request r;
  r.add("x");
  return static_cast<int>(r.headers.size());
}

// Already bounded.
static leakguard::ttl_cache<std::string, int> bounded{100};
void put6(const std::string &k) { bounded[k] = 1; }

// Handed out: whoever gets it may bound it.
std::map<std::string, int> &registry() {
  static std::map<std::string, int> table;
  return table;
}
void trim(std::vector<int> &v);
static std::vector<int> handed;
void put7(int v) {
  handed.push_back(v);
  trim(handed);
}

// Tables of handlers grow with the code that registers them.
#include <functional>
static std::map<std::string, std::function<void()>> handlers;
void on(const std::string &event, std::function<void()> fn) {
  handlers[event] = std::move(fn);
}
static std::vector<void (*)(int)> at_exit;
void register_at_exit(void (*fn)(int)) { at_exit.push_back(fn); }

// Raw pointers to objects that live elsewhere: a registry of metadata that
// grows with the code (reported with ReportPointerElements).
struct Field {
  std::string name;
};
class Fields {
public:
  static Fields &all() {
    static Fields fields;
    return fields;
  }
  void add(Field *field) { by_name_.emplace(field->name, field); }

private:
  std::unordered_map<std::string, Field *> by_name_;
// CHECK-NOTES-EXTERNAL: :[[@LINE-1]]:44: warning: 'by_name_' grows without bound on caller data: entries keyed by the parameter 'field' are added but never removed; use a bounded cache such as 'leakguard::ttl_cache' [leak-unbounded-cache]
// CHECK-NOTES-EXTERNAL: :[[@LINE-5]]:37: note: 'by_name_' grows here with data from the parameter 'field'
};

// A static pointer that does not own its object proves nothing: the
// object here is a local.
struct Client {
  void subscribe(const std::string &topic) { topics_.push_back(topic); }
  std::vector<std::string> topics_;
};
static Client *current_client = nullptr;
void serve() {
  Client client;
  current_client = &client;
  client.subscribe("news");
}

// ---- External linkage -------------------------------------------------------

// Declared in a header: another file may bound it (reported only with
// ReportExternallyVisible).
std::unordered_map<std::string, int> shared_counts;
// CHECK-NOTES-EXTERNAL: :[[@LINE-1]]:38: warning: 'shared_counts' grows without bound on caller data: entries keyed by the parameter 'k' are added but never removed; use a bounded cache such as 'leakguard::ttl_cache' [leak-unbounded-cache]
// CHECK-NOTES-EXTERNAL: :[[@LINE+2]]:43: note: 'shared_counts' grows here with data from the parameter 'k'
// CHECK-NOTES-EXTERNAL: :[[@LINE-3]]:38: note: no automatic fix: it is declared more than once; declare it as 'leakguard::ttl_cache<std::string, int> shared_counts{10000}'
void count_shared(const std::string &k) { shared_counts[k]++; }

// External linkage, but no header declares it: no other file can name it
// without declaring it itself.
std::vector<int> main_file_only;
// CHECK-NOTES: :[[@LINE-1]]:18: warning: 'main_file_only' grows without bound on caller data: elements from the parameter 'v' are appended but never removed; cap its size or use a ring buffer [leak-unbounded-cache]
// CHECK-NOTES: :[[@LINE+5]]:35: note: 'main_file_only' grows here with data from the parameter 'v'
// CHECK-FIXES: leakguard::bounded_log<int> main_file_only{10000};
// CHECK-NOTES-EXTERNAL: :[[@LINE-4]]:18: warning: 'main_file_only' grows without bound on caller data: elements from the parameter 'v' are appended but never removed; cap its size or use a ring buffer [leak-unbounded-cache]
// CHECK-NOTES-EXTERNAL: :[[@LINE+2]]:35: note: 'main_file_only' grows here with data from the parameter 'v'
// CHECK-FIXES-EXTERNAL: leakguard::bounded_log<int> main_file_only{10000};
void put8(int v) { main_file_only.push_back(v); }

// A singleton declared in a header, with a member function defined in
// another file: that one may bound it.
Registry &Registry::instance() {
  static Registry r;
  return r;
}
void Registry::add(const std::string &name) { names_.push_back(name); }


Journal &Journal::get() {
  static Journal journal;
  return journal;
}
void Journal::add(const std::string &line) { lines_.push_back(line); }

std::vector<std::string> Open::entries;
// CHECK-NOTES-EXTERNAL: :[[@LINE-1]]:32: warning: 'entries' grows without bound on caller data: elements from the parameter 'e' are appended but never removed; cap its size or use a ring buffer [leak-unbounded-cache]
// CHECK-NOTES-EXTERNAL: :[[@LINE+2]]:53: note: 'entries' grows here with data from the parameter 'e'
// CHECK-NOTES-EXTERNAL: :[[@LINE-3]]:32: note: no automatic fix: it is declared more than once; declare it as 'leakguard::bounded_log<std::string> entries{10000}'
void open_add(const std::string &e) { Open::entries.push_back(e); }

// The findings in the header come after those of this file.

// CHECK-NOTES: {{.*}}unbounded-cache-shared.h:27:28: warning: 'lines_' grows without bound on caller data: elements from the parameter 'line' are appended but never removed; cap its size or use a ring buffer [leak-unbounded-cache]
// CHECK-NOTES: :[[@LINE-11]]:53: note: 'lines_' grows here with data from the parameter 'line'
// HEADER: #include <leakguard/ttl_cache.h>
// CHECK-NOTES-EXTERNAL: {{.*}}unbounded-cache-shared.h:16:28: warning: 'names_' grows without bound on caller data: elements from the parameter 'name' are appended but never removed; cap its size or use a ring buffer [leak-unbounded-cache]
// CHECK-NOTES-EXTERNAL: :[[@LINE-21]]:54: note: 'names_' grows here with data from the parameter 'name'
// HEADER: std::vector<std::string> names_;
// CHECK-NOTES-EXTERNAL: {{.*}}unbounded-cache-shared.h:27:28: warning: 'lines_' grows without bound on caller data: elements from the parameter 'line' are appended but never removed; cap its size or use a ring buffer [leak-unbounded-cache]
// CHECK-NOTES-EXTERNAL: :[[@LINE-17]]:53: note: 'lines_' grows here with data from the parameter 'line'
// HEADER: leakguard::bounded_log<std::string> lines_{10000};
