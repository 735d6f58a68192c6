// The bounded types of <leakguard/ttl_cache.h> for the other families: a
// std::map keyed by a hashable type and never walked in order becomes a
// ttl_cache, sets a ttl_set, append-only sequences a bounded_log, an
// append-only std::string a bounded_string; when a use does not fit, a note
// names it.
// RUN: %check_clang_tidy -std=c++17,c++20 %s leak-unbounded-cache %t -- -- -I %S/../../include
// RUN: %clang_tidy_plugin --checks='-*,leak-unbounded-cache' %s -- -std=c++17 -I %S/../../include 2>&1 | FileCheck %s --check-prefix=NOFIX
// NOFIX: :[[@LINE+90]]:28: note: no automatic fix: it is iterated here in key order; declare it as 'leakguard::ttl_cache<std::string, int> visits{10000}'
// NOFIX: :[[@LINE+100]]:26: note: no automatic fix: its key type 'Point' may have no 'std::hash'; declare it as 'leakguard::ttl_set<Point> points{10000}'
// NOFIX: :[[@LINE+108]]:3: note: no automatic fix: 'leakguard::bounded_log' has no 'insert' with 2 arguments; declare it as 'leakguard::bounded_log<std::string> lines{10000}'
// NOFIX: :[[@LINE+113]]:15: note: no automatic fix: its declaration is in a macro; declare it as 'leakguard::bounded_log<int> values{10000}'

#include <cstdint>
#include <deque>
#include <list>
#include <map>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

int64_t load(const std::string &user);

int64_t quota_of(const std::string &user) {
  static std::map<std::string, int64_t> quotas;
  // CHECK-MESSAGES: :[[@LINE-1]]:41: warning: 'quotas' grows without bound on caller data: entries keyed by the parameter 'user' are added but never removed; use a bounded cache such as 'leakguard::ttl_cache' [leak-unbounded-cache]
  auto it = quotas.find(user);
  if (it != quotas.end())
    return it->second;
  return quotas[user] = load(user);
}
// CHECK-FIXES: static leakguard::ttl_cache<std::string, int64_t> quotas{10000};

bool first_use(const std::string &token) {
  static std::unordered_set<std::string> seen;
  // CHECK-MESSAGES: :[[@LINE-1]]:42: warning: 'seen' grows without bound on caller data: elements from the parameter 'token' are added but never removed; cap its size or evict old elements [leak-unbounded-cache]
  if (seen.count(token))
    return false;
  return seen.insert(token).second;
}
// CHECK-FIXES: static leakguard::ttl_set<std::string> seen{10000};

bool mark_done(uint64_t id) {
  static std::set<uint64_t> done;
  // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: 'done' grows without bound on caller data: elements from the parameter 'id' are added but never removed; cap its size or evict old elements [leak-unbounded-cache]
  if (done.find(id) != done.end())
    return false;
  done.emplace(id);
  return true;
}
// CHECK-FIXES: static leakguard::ttl_set<uint64_t> done{10000};

std::string audit(const std::string &line) {
  static std::vector<std::string> log;
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: 'log' grows without bound on caller data: elements from the parameter 'line' are appended but never removed; cap its size or use a ring buffer [leak-unbounded-cache]
  log.push_back(line);
  std::string all;
  for (const std::string &entry : log)
    all += entry;
  return log.size() > 1 ? log[log.size() - 2] + log.front() : all;
}
// CHECK-FIXES: static leakguard::bounded_log<std::string> log{10000};

void record(double ms) {
  static std::deque<double> latencies;
  // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: 'latencies' grows without bound on caller data: elements from the parameter 'ms' are appended but never removed; cap its size or use a ring buffer [leak-unbounded-cache]
  latencies.emplace_back(ms);
}
// CHECK-FIXES: static leakguard::bounded_log<double> latencies{10000};

struct Event {
  int64_t at;
  std::string what;
};
void on_event(int64_t at, const std::string &what) {
  static std::list<Event> events;
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: 'events' grows without bound on caller data: elements from the parameter 'at' are appended but never removed; cap its size or use a ring buffer [leak-unbounded-cache]
  events.push_back(Event{at, what});
}
// CHECK-FIXES: static leakguard::bounded_log<Event> events{10000};

const char *trace(const std::string &line) {
  static std::string transcript;
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'transcript' grows without bound on caller data: text from the parameter 'line' is appended but never removed; cap its size or write it out [leak-unbounded-cache]
  transcript += line;
  transcript.push_back('\n');
  return transcript.c_str();
}
// CHECK-FIXES: static leakguard::bounded_string transcript{10000};

// ---- No fix: a note names the first use that does not fit --------------------

std::string report(const std::string &page) {
  static std::map<std::string, int> visits;
  // CHECK-MESSAGES: :[[@LINE-1]]:37: warning: 'visits' grows without bound on caller data: entries keyed by the parameter 'page' are added but never removed; use a bounded cache such as 'leakguard::ttl_cache' [leak-unbounded-cache]
  visits[page]++;
  std::string out;
  for (const auto &entry : visits)
    out += entry.first;
  return out;
}
// CHECK-FIXES: static std::map<std::string, int> visits;

struct Point {
  int x, y;
  bool operator<(const Point &o) const { return x < o.x; }
};
void touch(const Point &p) {
  static std::set<Point> points;
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'points' grows without bound on caller data: elements from the parameter 'p' are added but never removed; cap its size or evict old elements [leak-unbounded-cache]
  points.insert(p);
}
// CHECK-FIXES: static std::set<Point> points;

void prepend(const std::string &line) {
  static std::vector<std::string> lines;
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: 'lines' grows without bound on caller data: elements from the parameter 'line' are appended but never removed; cap its size or use a ring buffer [leak-unbounded-cache]
  lines.insert(lines.begin(), line);
}
// CHECK-FIXES: static std::vector<std::string> lines;

#define DECLARE_LOG(name) static std::vector<int> name
void in_macro(int v) {
  DECLARE_LOG(values);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'values' grows without bound on caller data: elements from the parameter 'v' are appended but never removed; cap its size or use a ring buffer [leak-unbounded-cache]
  values.push_back(v);
}
