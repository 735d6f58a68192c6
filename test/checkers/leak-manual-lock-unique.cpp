// Regions no block can hold: the fix declares a std::unique_lock (a
// std::shared_lock for lock_shared, a std::unique_ptr for a C lock function)
// and unlocks through it where the code unlocked.
// RUN: %check_clang_tidy %s leak-manual-lock %t -- -- -std=c++17
// RUN: %check_clang_tidy -check-suffix=CXX14 %s leak-manual-lock %t -- -- -std=c++14

#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>

void log_line(const std::string &line);
int lookup(int key);

std::mutex mu;
std::map<int, int> table;

// An early unlock followed by more work before the return.
int touch(int key) {
  mu.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'mu' locked by 'lock' is not unlocked on every path; hold it with 'std::unique_lock' [leak-manual-lock]
  // CHECK-MESSAGES-CXX14: :[[@LINE-2]]:3: warning: mutex 'mu' locked by 'lock' is not unlocked on every path; hold it with 'std::unique_lock' [leak-manual-lock]
  auto it = table.find(key);
  if (it == table.end()) {
    mu.unlock();
    log_line("unknown key");
    return -1;
  }
  if (it->second < 0)
    return -2;
  it->second++;
  mu.unlock();
  return 0;
}
// CHECK-FIXES: int touch(int key) {
// CHECK-FIXES-NEXT:   std::unique_lock lock(mu);
// CHECK-FIXES-NEXT:   auto it = table.find(key);
// CHECK-FIXES-NEXT:   if (it == table.end()) {
// CHECK-FIXES-NEXT:     lock.unlock();
// CHECK-FIXES-NEXT:     log_line("unknown key");
// CHECK-FIXES-NEXT:     return -1;
// CHECK-FIXES-NEXT:   }
// CHECK-FIXES-NEXT:   if (it->second < 0)
// CHECK-FIXES-NEXT:     return -2;
// CHECK-FIXES-NEXT:   it->second++;
// CHECK-FIXES-NEXT:   lock.unlock();
// CHECK-FIXES-NEXT:   return 0;
// CHECK-FIXES-CXX14: int touch(int key) {
// CHECK-FIXES-CXX14-NEXT:   std::unique_lock<std::mutex> lock(mu);

// A declaration of the region used after the unlock, and a return of it.
std::shared_timed_mutex rw;
std::string name_of(int key) {
  rw.lock_shared();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'rw' locked by 'lock_shared' is not unlocked on every path; hold it with 'std::shared_lock' [leak-manual-lock]
  // CHECK-MESSAGES-CXX14: :[[@LINE-2]]:3: warning: mutex 'rw' locked by 'lock_shared' is not unlocked on every path; hold it with 'std::shared_lock' [leak-manual-lock]
  int value = lookup(key);
  if (value < 0)
    return std::string();
  rw.unlock_shared();
  log_line("looked up");
  return std::to_string(value);
}
// CHECK-FIXES: std::string name_of(int key) {
// CHECK-FIXES-NEXT:   std::shared_lock lock(rw);
// CHECK-FIXES-NEXT:   int value = lookup(key);
// CHECK-FIXES-NEXT:   if (value < 0)
// CHECK-FIXES-NEXT:     return std::string();
// CHECK-FIXES-NEXT:   lock.unlock();
// CHECK-FIXES-CXX14: std::string name_of(int key) {
// CHECK-FIXES-CXX14-NEXT:   std::shared_lock<std::shared_timed_mutex> lock(rw);

// The region's result returned after the unlock: a block fits, since
// returning a local under the lock changes nothing.
std::string copy_of(int key) {
  rw.lock_shared();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'rw' locked by 'lock_shared' is not unlocked on every path; hold it with 'std::shared_lock' [leak-manual-lock]
  // CHECK-MESSAGES-CXX14: :[[@LINE-2]]:3: warning: mutex 'rw' locked by 'lock_shared' is not unlocked on every path; hold it with 'std::shared_lock' [leak-manual-lock]
  if (key < 0)
    return std::string();
  std::string value = std::to_string(lookup(key));
  rw.unlock_shared();
  return value;
}
// CHECK-FIXES: std::string copy_of(int key) {
// CHECK-FIXES-NEXT:   std::shared_lock lock(rw);
// CHECK-FIXES-NEXT:   if (key < 0)
// CHECK-FIXES-NEXT:     return std::string();
// CHECK-FIXES-NEXT:   std::string value = std::to_string(lookup(key));
// CHECK-FIXES-NEXT:   return value;

// A C lock function: the owner resets where the code unlocked.
extern "C" int pthread_mutex_lock(pthread_mutex_t *);
extern "C" int pthread_mutex_unlock(pthread_mutex_t *);
pthread_mutex_t pmu;
int c_touch(int key) {
  pthread_mutex_lock(&pmu);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'pmu' locked by 'pthread_mutex_lock' is not unlocked on every path; hold it with a 'std::unique_ptr' whose deleter is 'pthread_mutex_unlock' [leak-manual-lock]
  // CHECK-MESSAGES-CXX14: :[[@LINE-2]]:3: warning: mutex 'pmu' locked by 'pthread_mutex_lock' is not unlocked on every path; hold it with a 'std::unique_ptr' whose deleter is 'pthread_mutex_unlock' [leak-manual-lock]
  int value = lookup(key);
  if (value < 0) {
    pthread_mutex_unlock(&pmu);
    log_line("missing");
    return -1;
  }
  if (value == 0)
    return 0;
  pthread_mutex_unlock(&pmu);
  return value;
}
// CHECK-FIXES: int c_touch(int key) {
// CHECK-FIXES-NEXT:   std::unique_ptr<pthread_mutex_t, decltype(&pthread_mutex_unlock)> lock(&pmu, &pthread_mutex_unlock);
// CHECK-FIXES-NEXT:   int value = lookup(key);
// CHECK-FIXES-NEXT:   if (value < 0) {
// CHECK-FIXES-NEXT:     lock.reset();

// Locked again in the same block: no guard can follow it.
int relock(int key) {
  mu.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'mu' locked by 'lock' is not unlocked on every path; hold it with 'std::unique_lock' [leak-manual-lock]
  // CHECK-MESSAGES-CXX14: :[[@LINE-2]]:3: warning: mutex 'mu' locked by 'lock' is not unlocked on every path; hold it with 'std::unique_lock' [leak-manual-lock]
  int value = lookup(key);
  if (value < 0) {
    mu.unlock();
    log_line("retry");
    mu.lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex 'mu' locked by 'lock' stays locked if an exception is thrown; hold it with 'std::scoped_lock' [leak-manual-lock]
    // CHECK-MESSAGES-CXX14: :[[@LINE-2]]:5: warning: mutex 'mu' locked by 'lock' stays locked if an exception is thrown; hold it with 'std::lock_guard' [leak-manual-lock]
    value = lookup(-key);
    mu.unlock();
    return value;
  }
  if (value == 0)
    return 0;
  mu.unlock();
  return value;
}
// The second lock's region ends its block: that one becomes a guard.
// CHECK-FIXES: int relock(int key) {
// CHECK-FIXES-NEXT:   mu.lock();
// CHECK-FIXES-NEXT:   int value = lookup(key);
// CHECK-FIXES-NEXT:   if (value < 0) {
// CHECK-FIXES-NEXT:     mu.unlock();
// CHECK-FIXES-NEXT:     log_line("retry");
// CHECK-FIXES-NEXT:     std::scoped_lock lock(mu);
// CHECK-FIXES-NEXT:     value = lookup(-key);
// CHECK-FIXES-NEXT:     return value;
// CHECK-FIXES-CXX14: std::lock_guard<std::mutex> lock(mu);

// An unlock in a loop inside the region: no fix either.
int unlock_in_loop(int n) {
  mu.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'mu' locked by 'lock' is not unlocked on every path; hold it with 'std::unique_lock' [leak-manual-lock]
  // CHECK-MESSAGES-CXX14: :[[@LINE-2]]:3: warning: mutex 'mu' locked by 'lock' is not unlocked on every path; hold it with 'std::unique_lock' [leak-manual-lock]
  for (int i = 0; i < n; ++i) {
    if (lookup(i) < 0) {
      mu.unlock();
      log_line("bad");
      return -1;
    }
    if (lookup(i) == 0)
      return 0;
  }
  mu.unlock();
  return n;
}
// CHECK-FIXES: int unlock_in_loop(int n) {
// CHECK-FIXES-NEXT:   mu.lock();

// An unlock spelled by a macro: no fix.
#define UNLOCK_ALL() mu.unlock()
int unlock_by_macro(int key) {
  mu.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'mu' locked by 'lock' is not unlocked on every path; hold it with 'std::scoped_lock' [leak-manual-lock]
  // CHECK-MESSAGES-CXX14: :[[@LINE-2]]:3: warning: mutex 'mu' locked by 'lock' is not unlocked on every path; hold it with 'std::lock_guard' [leak-manual-lock]
  int value = lookup(key);
  if (value < 0) {
    UNLOCK_ALL();
    log_line("bad");
    return -1;
  }
  if (value == 0)
    return 0;
  mu.unlock();
  return value;
}
// CHECK-FIXES: int unlock_by_macro(int key) {
// CHECK-FIXES-NEXT:   mu.lock();

// In a template, fixed once in the template itself.
template <typename T> struct Table {
  std::mutex table_mu;
  std::map<T, int> rows;
  int bump(const T &key) {
    table_mu.lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex 'table_mu' locked by 'lock' is not unlocked on every path; hold it with 'std::unique_lock' [leak-manual-lock]
    // CHECK-MESSAGES-CXX14: :[[@LINE-2]]:5: warning: mutex 'table_mu' locked by 'lock' is not unlocked on every path; hold it with 'std::unique_lock' [leak-manual-lock]
    auto it = rows.find(key);
    if (it == rows.end()) {
      table_mu.unlock();
      log_line("new row");
      return 0;
    }
    if (it->second > 100)
      return -1;
    int n = ++it->second;
    table_mu.unlock();
    return n;
  }
};
template struct Table<int>;
template struct Table<std::string>;
// CHECK-FIXES: int bump(const T &key) {
// CHECK-FIXES-NEXT: std::unique_lock lock(table_mu);
// CHECK-FIXES-CXX14: int bump(const T &key) {
// CHECK-FIXES-CXX14-NEXT: std::unique_lock<std::mutex> lock(table_mu);
