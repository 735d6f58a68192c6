// RUN: %check_clang_tidy %s leak-manual-lock %t -- -- -std=c++17 -isystem %S/Inputs
// RUN: %check_clang_tidy -check-suffix=STRICT %s leak-manual-lock %t -- \
// RUN:   -config="{CheckOptions: {leak-manual-lock.StrictMode: true}}" -- -std=c++17 -isystem %S/Inputs

#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <pthread.h>
#include <shared_mutex>
#include <string>
#include <vector>
#include <system-locks.h>

std::mutex mu;
std::shared_mutex rw;
std::recursive_mutex rmu;
std::condition_variable_any cv;
pthread_mutex_t pmu = PTHREAD_MUTEX_INITIALIZER;
int counter;
bool ready;
std::map<std::string, int> table;

void work();
int compute() noexcept;
std::string describe(int);

// ---- Paths that skip the unlock --------------------------------------------

int early_return(bool fail) {
  mu.lock();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: mutex 'mu' locked by 'lock' is not unlocked on every path; hold it with 'std::scoped_lock' [leak-manual-lock]
  // CHECK-NOTES-STRICT: :[[@LINE-2]]:3: warning: mutex 'mu' locked by 'lock' is not unlocked on every path; hold it with 'std::scoped_lock' [leak-manual-lock]
  if (fail) {
    return -1;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: 'mu' is still locked when returning here
    // CHECK-NOTES-STRICT: :[[@LINE-2]]:5: note: 'mu' is still locked when returning here
  }
  ++counter;
  mu.unlock();
  return 0;
}
// CHECK-FIXES: int early_return(bool fail) {
// CHECK-FIXES-NEXT: std::scoped_lock lock(mu);
// CHECK-FIXES-NEXT:   if (fail) {
// CHECK-FIXES-NEXT:     return -1;
// CHECK-FIXES-NEXT:   }
// CHECK-FIXES-NEXT:   ++counter;
// CHECK-FIXES-NEXT:   return 0;
// CHECK-FIXES-NEXT: }

void break_out(const std::vector<int> &items) {
  for (int item : items) {
    mu.lock();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: mutex 'mu' locked by 'lock' is not unlocked on every path; hold it with 'std::scoped_lock' [leak-manual-lock]
    // CHECK-NOTES-STRICT: :[[@LINE-2]]:5: warning: mutex 'mu'{{.*}}
    if (item < 0)
      break;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 'mu' is still locked when breaking out here
    // CHECK-NOTES-STRICT: :[[@LINE-2]]:7: note: 'mu' is still locked{{.*}}
    counter += item;
    mu.unlock();
  }
}

void continue_past(const std::vector<int> &items) {
  for (int item : items) {
    mu.lock();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: mutex 'mu' locked by 'lock' is not unlocked on every path; hold it with 'std::scoped_lock' [leak-manual-lock]
    // CHECK-NOTES-STRICT: :[[@LINE-2]]:5: warning: mutex 'mu'{{.*}}
    if (item == 0)
      continue;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 'mu' is still locked when continuing here
    // CHECK-NOTES-STRICT: :[[@LINE-2]]:7: note: 'mu' is still locked{{.*}}
    counter += item;
    mu.unlock();
  }
}

int jump_away(int n) {
  mu.lock();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: mutex 'mu' locked by 'lock' is not unlocked on every path; hold it with 'std::scoped_lock' [leak-manual-lock]
  // CHECK-NOTES-STRICT: :[[@LINE-2]]:3: warning: mutex 'mu'{{.*}}
  if (n < 0)
    goto fail;
  counter = n;
  mu.unlock();
  return 0;
fail:
  return -1;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'mu' is still locked when returning here
  // CHECK-NOTES-STRICT: :[[@LINE-2]]:3: note: 'mu' is still locked{{.*}}
}

void unlock_on_one_branch(bool done) {
  mu.lock();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: mutex 'mu' locked by 'lock' is not unlocked on every path; hold it with 'std::unique_lock' [leak-manual-lock]
  // CHECK-NOTES-STRICT: :[[@LINE-2]]:3: warning: mutex 'mu'{{.*}}
  ++counter;
  if (done)
    mu.unlock();
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: 'mu' is still locked at the end of the function
// CHECK-NOTES-STRICT: :[[@LINE-2]]:1: note: 'mu' is still locked{{.*}}
// An unlock under a condition: a std::unique_lock unlocks there, and at the
// end of the block when it still holds the mutex.
// CHECK-FIXES: void unlock_on_one_branch(bool done) {
// CHECK-FIXES-NEXT:   std::unique_lock lock(mu);
// CHECK-FIXES-NEXT:   ++counter;
// CHECK-FIXES-NEXT:   if (done)
// CHECK-FIXES-NEXT:     lock.unlock();
// CHECK-FIXES-NEXT: }

int throw_expression(int n) {
  mu.lock();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: mutex 'mu' locked by 'lock' is not unlocked on every path; hold it with 'std::scoped_lock' [leak-manual-lock]
  // CHECK-NOTES-STRICT: :[[@LINE-2]]:3: warning: mutex 'mu'{{.*}}
  if (n < 0)
    throw n;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'mu' is still locked when throwing here
  // CHECK-NOTES-STRICT: :[[@LINE-2]]:5: note: 'mu' is still locked{{.*}}
  counter = n;
  mu.unlock();
  return n;
}
// CHECK-FIXES: int throw_expression(int n) {
// CHECK-FIXES-NEXT:   std::scoped_lock lock(mu);
// CHECK-FIXES-NEXT:   if (n < 0)
// CHECK-FIXES-NEXT:     throw n;
// CHECK-FIXES-NEXT:   counter = n;
// CHECK-FIXES-NEXT:   return n;
// CHECK-FIXES-NEXT: }

// ---- Exceptions -------------------------------------------------------------

void throwing_call(const std::string &key) {
  mu.lock();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: mutex 'mu' locked by 'lock' stays locked if an exception is thrown; hold it with 'std::scoped_lock' [leak-manual-lock]
  // CHECK-NOTES-STRICT: :[[@LINE-2]]:3: warning: mutex 'mu' locked by 'lock' stays locked if an exception is thrown{{.*}}
  counter += std::stoi(key);
  // CHECK-NOTES: :[[@LINE-1]]:14: note: 'mu' stays locked if an exception is thrown here
  // CHECK-NOTES-STRICT: :[[@LINE-2]]:14: note: 'mu' stays locked if an exception is thrown here
  mu.unlock();
}
// CHECK-FIXES: void throwing_call(const std::string &key) {
// CHECK-FIXES-NEXT:   std::scoped_lock lock(mu);
// CHECK-FIXES-NEXT:   counter += std::stoi(key);
// CHECK-FIXES-NEXT: }

void unknown_call_then_more() {
  mu.lock();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: mutex 'mu' locked by 'lock' stays locked if an exception is thrown; hold it with 'std::scoped_lock' [leak-manual-lock]
  // CHECK-NOTES-STRICT: :[[@LINE-2]]:3: warning: mutex 'mu'{{.*}}
  work();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'mu' stays locked if an exception is thrown here
  // CHECK-NOTES-STRICT: :[[@LINE-2]]:3: note: 'mu' stays locked{{.*}}
  mu.unlock();
  std::printf("done\n");
}
// The unlock does not end the block: the locked region gets its own block.
// CHECK-FIXES: void unknown_call_then_more() {
// CHECK-FIXES-NEXT:   {
// CHECK-FIXES-NEXT:   std::scoped_lock lock(mu);
// CHECK-FIXES-NEXT:   work();
// CHECK-FIXES-NEXT:   }
// CHECK-FIXES-NEXT:   std::printf("done\n");
// CHECK-FIXES-NEXT: }

// ---- Early unlocks that the guard makes redundant ----------------------------

int early_unlock_and_return(int n) {
  mu.lock();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: mutex 'mu' locked by 'lock' stays locked if an exception is thrown; hold it with 'std::scoped_lock' [leak-manual-lock]
  // CHECK-NOTES-STRICT: :[[@LINE-2]]:3: warning: mutex 'mu'{{.*}}
  if (n < 0) {
    mu.unlock();
    return -1;
  }
  work();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'mu' stays locked if an exception is thrown here
  // CHECK-NOTES-STRICT: :[[@LINE-2]]:3: note: 'mu' stays locked{{.*}}
  mu.unlock();
  return n;
}
// CHECK-FIXES: int early_unlock_and_return(int n) {
// CHECK-FIXES-NEXT:   std::scoped_lock lock(mu);
// CHECK-FIXES-NEXT:   if (n < 0) {
// CHECK-FIXES-NEXT:     return -1;
// CHECK-FIXES-NEXT:   }
// CHECK-FIXES-NEXT:   work();
// CHECK-FIXES-NEXT:   return n;
// CHECK-FIXES-NEXT: }

// ---- Shared locks, other mutex types, pointers, pthread ----------------------

int shared_reader(bool fail) {
  rw.lock_shared();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: mutex 'rw' locked by 'lock_shared' is not unlocked on every path; hold it with 'std::shared_lock' [leak-manual-lock]
  // CHECK-NOTES-STRICT: :[[@LINE-2]]:3: warning: mutex 'rw'{{.*}}
  if (fail)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'rw' is still locked when returning here
  // CHECK-NOTES-STRICT: :[[@LINE-2]]:5: note: 'rw' is still locked{{.*}}
  int value = counter;
  rw.unlock_shared();
  return value;
}
// CHECK-FIXES: int shared_reader(bool fail) {
// CHECK-FIXES-NEXT:   std::shared_lock lock(rw);
// CHECK-FIXES-NEXT:   if (fail)
// CHECK-FIXES-NEXT:     return -1;
// CHECK-FIXES-NEXT:   int value = counter;
// CHECK-FIXES-NEXT:   return value;
// CHECK-FIXES-NEXT: }

struct Account {
  std::timed_mutex *guard_ptr;
  int balance = 0;
  bool withdraw(int amount) {
    guard_ptr->lock();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: mutex '*guard_ptr' locked by 'lock' is not unlocked on every path; hold it with 'std::scoped_lock' [leak-manual-lock]
    // CHECK-NOTES-STRICT: :[[@LINE-2]]:5: warning: mutex '*guard_ptr'{{.*}}
    if (amount > balance)
      return false;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: '*guard_ptr' is still locked when returning here
    // CHECK-NOTES-STRICT: :[[@LINE-2]]:7: note: '*guard_ptr' is still locked{{.*}}
    balance -= amount;
    this->guard_ptr->unlock();
    return true;
  }
  // CHECK-FIXES: bool withdraw(int amount) {
  // CHECK-FIXES-NEXT: std::scoped_lock lock(*guard_ptr);
  // CHECK-FIXES-NEXT:     if (amount > balance)
  // CHECK-FIXES-NEXT:       return false;
  // CHECK-FIXES-NEXT:     balance -= amount;
  // CHECK-FIXES-NEXT:     return true;
  // CHECK-FIXES-NEXT:   }
};

int recursive_lock(int depth) {
  rmu.lock();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: mutex 'rmu' locked by 'lock' is not unlocked on every path; hold it with 'std::scoped_lock' [leak-manual-lock]
  // CHECK-NOTES-STRICT: :[[@LINE-2]]:3: warning: mutex 'rmu'{{.*}}
  if (depth == 0)
    return 0;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'rmu' is still locked when returning here
  // CHECK-NOTES-STRICT: :[[@LINE-2]]:5: note: 'rmu' is still locked{{.*}}
  rmu.unlock();
  return depth;
}

int posix_lock(bool fail) {
  pthread_mutex_lock(&pmu);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: mutex 'pmu' locked by 'pthread_mutex_lock' is not unlocked on every path; hold it with a 'std::unique_ptr' whose deleter is 'pthread_mutex_unlock' [leak-manual-lock]
  // CHECK-NOTES-STRICT: :[[@LINE-2]]:3: warning: mutex 'pmu'{{.*}}
  if (fail)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'pmu' is still locked when returning here
  // CHECK-NOTES-STRICT: :[[@LINE-2]]:5: note: 'pmu' is still locked{{.*}}
  ++counter;
  pthread_mutex_unlock(&pmu);
  return 0;
}
// CHECK-FIXES: int posix_lock(bool fail) {
// CHECK-FIXES-NEXT:   std::unique_ptr<pthread_mutex_t, decltype(&pthread_mutex_unlock)> lock(&pmu, &pthread_mutex_unlock);
// CHECK-FIXES-NEXT:   if (fail)
// CHECK-FIXES-NEXT:     return -1;
// CHECK-FIXES-NEXT:   ++counter;
// CHECK-FIXES-NEXT:   return 0;
// CHECK-FIXES-NEXT: }

// ---- The guard's name does not collide ---------------------------------------

int name_taken(bool fail) {
  int lock = 0;
  mu.lock();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: mutex 'mu' locked by 'lock' is not unlocked on every path; hold it with 'std::scoped_lock' [leak-manual-lock]
  // CHECK-NOTES-STRICT: :[[@LINE-2]]:3: warning: mutex 'mu'{{.*}}
  if (fail)
    return lock;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'mu' is still locked when returning here
  // CHECK-NOTES-STRICT: :[[@LINE-2]]:5: note: 'mu' is still locked{{.*}}
  mu.unlock();
  return 1;
}
// CHECK-FIXES: int name_taken(bool fail) {
// CHECK-FIXES-NEXT:   int lock = 0;
// CHECK-FIXES-NEXT:   std::scoped_lock guard(mu);

// ---- std::unique_lock: waits, declarations used later; no fix in macros ----

void waits_for_ready() {
  mu.lock();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: mutex 'mu' locked by 'lock' stays locked if an exception is thrown; hold it with 'std::unique_lock' [leak-manual-lock]
  // CHECK-NOTES-STRICT: :[[@LINE-2]]:3: warning: mutex 'mu'{{.*}}
  while (!ready)
    cv.wait(mu);
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'mu' stays locked if an exception is thrown here
  // CHECK-NOTES-STRICT: :[[@LINE-2]]:5: note: 'mu' stays locked{{.*}}
  work();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'mu' stays locked if an exception is thrown here
  // CHECK-NOTES-STRICT: :[[@LINE-2]]:3: note: 'mu' stays locked{{.*}}
  mu.unlock();
}
// The wait goes through the guard.
// CHECK-FIXES: void waits_for_ready() {
// CHECK-FIXES-NEXT:   std::unique_lock lock(mu);
// CHECK-FIXES-NEXT:   while (!ready)
// CHECK-FIXES-NEXT:     cv.wait(lock);
// CHECK-FIXES-NEXT:   work();
// CHECK-FIXES-NEXT: }

int declaration_used_after() {
  mu.lock();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: mutex 'mu' locked by 'lock' stays locked if an exception is thrown; hold it with 'std::unique_lock' [leak-manual-lock]
  // CHECK-NOTES-STRICT: :[[@LINE-2]]:3: warning: mutex 'mu'{{.*}}
  std::string name = describe(counter);
  // CHECK-NOTES: :[[@LINE-1]]:22: note: 'mu' stays locked if an exception is thrown here
  // CHECK-NOTES-STRICT: :[[@LINE-2]]:22: note: 'mu' stays locked{{.*}}
  mu.unlock();
  return static_cast<int>(name.size());
}
// A block would hide 'name': the guard unlocks where the code did.
// CHECK-FIXES: int declaration_used_after() {
// CHECK-FIXES-NEXT:   std::unique_lock lock(mu);
// CHECK-FIXES-NEXT:   std::string name = describe(counter);
// CHECK-FIXES-NEXT:   lock.unlock();
// CHECK-FIXES-NEXT:   return static_cast<int>(name.size());

#define LOCK_GLOBAL() mu.lock()
int locked_by_macro(bool fail) {
  LOCK_GLOBAL();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: mutex 'mu' locked by 'lock' is not unlocked on every path; hold it with 'std::scoped_lock' [leak-manual-lock]
  // CHECK-NOTES: :[[@LINE-4]]:23: note: expanded from macro 'LOCK_GLOBAL'
  // CHECK-NOTES-STRICT: :[[@LINE-3]]:3: warning: mutex 'mu'{{.*}}
  // CHECK-NOTES-STRICT: :[[@LINE-6]]:23: note: expanded from macro 'LOCK_GLOBAL'
  if (fail)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'mu' is still locked when returning here
  // CHECK-NOTES-STRICT: :[[@LINE-2]]:5: note: 'mu' is still locked{{.*}}
  mu.unlock();
  return 0;
}
// CHECK-FIXES: int locked_by_macro(bool fail) {
// CHECK-FIXES-NEXT:   LOCK_GLOBAL();

std::mutex first, second;
// Crossed pairs: warnings and notes interleave, hence -DAG.
int crossed(bool fail) {
  first.lock();
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: warning: mutex 'first' locked by 'lock' is not unlocked on every path; hold it with 'std::unique_lock' [leak-manual-lock]
  // CHECK-NOTES-STRICT-DAG: :[[@LINE-2]]:3: warning: mutex 'first'{{.*}}
  second.lock();
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: warning: mutex 'second' locked by 'lock' is not unlocked on every path; hold it with 'std::unique_lock' [leak-manual-lock]
  // CHECK-NOTES-STRICT-DAG: :[[@LINE-2]]:3: warning: mutex 'second'{{.*}}
  if (fail)
    return -1;
  // CHECK-NOTES-DAG: :[[@LINE-1]]:5: note: 'first' is still locked when returning here
  // CHECK-NOTES-DAG: :[[@LINE-2]]:5: note: 'second' is still locked when returning here
  // CHECK-NOTES-STRICT-DAG: :[[@LINE-3]]:5: note: 'first' is still locked{{.*}}
  // CHECK-NOTES-STRICT-DAG: :[[@LINE-4]]:5: note: 'second' is still locked{{.*}}
  first.unlock();
  second.unlock();
  return 0;
}
// Crossed pairs cannot both be blocks; two unique_locks, named apart, unlock
// in the same order.
// CHECK-FIXES: int crossed(bool fail) {
// CHECK-FIXES-NEXT:   std::unique_lock lock(first);
// CHECK-FIXES-NEXT:   std::unique_lock guard(second);
// CHECK-FIXES-NEXT:   if (fail)
// CHECK-FIXES-NEXT:     return -1;
// CHECK-FIXES-NEXT:   lock.unlock();
// CHECK-FIXES-NEXT:   guard.unlock();
// CHECK-FIXES-NEXT:   return 0;

// ---- Templates: the template is analyzed once, not each instantiation --------

template <typename T> struct Registry {
  std::mutex registry_mu;
  std::vector<T> items;
  bool add(const T &item) {
    registry_mu.lock();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: mutex 'registry_mu' locked by 'lock' is not unlocked on every path; hold it with 'std::scoped_lock' [leak-manual-lock]
    // CHECK-NOTES-STRICT: :[[@LINE-2]]:5: warning: mutex 'registry_mu'{{.*}}
    if (items.size() > 100)
      return false;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 'registry_mu' is still locked when returning here
    // CHECK-NOTES-STRICT: :[[@LINE-2]]:7: note: 'registry_mu' is still locked{{.*}}
    items.push_back(item);
    registry_mu.unlock();
    return true;
  }
};
template struct Registry<int>;
template struct Registry<std::string>;
// Fixed once, in the template itself.
// CHECK-FIXES: bool add(const T &item) {
// CHECK-FIXES-NEXT: std::scoped_lock lock(registry_mu);
// CHECK-FIXES-NEXT:     if (items.size() > 100)
// CHECK-FIXES-NEXT:       return false;
// CHECK-FIXES-NEXT:     items.push_back(item);
// CHECK-FIXES-NEXT:     return true;
// CHECK-FIXES-NEXT:   }

// ---- Lambdas are functions of their own --------------------------------------

auto handler = [](bool fail) {
  mu.lock();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: mutex 'mu' locked by 'lock' is not unlocked on every path; hold it with 'std::scoped_lock' [leak-manual-lock]
  // CHECK-NOTES-STRICT: :[[@LINE-2]]:3: warning: mutex 'mu'{{.*}}
  if (fail)
    return 1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'mu' is still locked when returning here
  // CHECK-NOTES-STRICT: :[[@LINE-2]]:5: note: 'mu' is still locked{{.*}}
  mu.unlock();
  return 0;
};

// ---- A plain pair: a style finding, only in StrictMode -----------------------

void plain_pair() {
  mu.lock();
  // CHECK-NOTES-STRICT: :[[@LINE-1]]:3: warning: mutex 'mu' locked by 'lock' is unlocked by hand; hold it with 'std::scoped_lock' [leak-manual-lock]
  ++counter;
  std::printf("%d\n", compute());
  mu.unlock();
}
// CHECK-FIXES-STRICT: void plain_pair() {
// CHECK-FIXES-STRICT-NEXT:   std::scoped_lock lock(mu);
// CHECK-FIXES-STRICT-NEXT:   ++counter;
// CHECK-FIXES-STRICT-NEXT:   std::printf("%d\n", compute());
// CHECK-FIXES-STRICT-NEXT: }

// ---- Negatives: nothing to report (StrictMode reports plain pairs) ----------

// Unlocked on every path, and nothing in between can throw.
int released_everywhere(int n) {
  mu.lock();
  // CHECK-NOTES-STRICT: :[[@LINE-1]]:3: warning: mutex 'mu' locked by 'lock' is unlocked by hand; hold it with 'std::scoped_lock' [leak-manual-lock]
  if (n < 0) {
    mu.unlock();
    return -1;
  }
  counter = n + compute();
  mu.unlock();
  return 0;
}

// C functions do not throw.
void c_calls_only(const char *text) {
  mu.lock();
  // CHECK-NOTES-STRICT: :[[@LINE-1]]:3: warning: mutex 'mu' locked by 'lock' is unlocked by hand; hold it with 'std::scoped_lock' [leak-manual-lock]
  std::puts(text);
  mu.unlock();
}

// try_lock is a different protocol.
bool try_lock_pattern() {
  if (!mu.try_lock())
    return false;
  ++counter;
  mu.unlock();
  return true;
}

// Lock()/Unlock() wrappers: the pair spans two functions.
struct Wrapper {
  std::mutex m;
  void Lock() { m.lock(); }
  void Unlock() { m.unlock(); }
};

// Guards and their idioms.
void guards() {
  {
    std::lock_guard<std::mutex> guard(mu);
    work();
  }
  {
    std::unique_lock<std::mutex> lock(mu);
    work();
    lock.unlock();
    work();
  }
  {
    std::unique_lock<std::mutex> lock(mu, std::defer_lock);
    lock.lock();
    work();
  }
  {
    mu.lock();
    std::lock_guard<std::mutex> adopted(mu, std::adopt_lock);
    work();
  }
}

// The same condition guards the lock and the unlock.
void correlated(bool need) {
  if (need)
    mu.lock();
  ++counter;
  if (need)
    mu.unlock();
}

// The lock is tracked in a flag.
void flag_tracked(bool need) {
  bool locked = false;
  if (need) {
    mu.lock();
    locked = true;
  }
  ++counter;
  if (locked)
    mu.unlock();
}

// Returns with the mutex held on success, on purpose: unlocks only to bail out.
bool acquire_if_ready() {
  mu.lock();
  if (!ready) {
    mu.unlock();
    return false;
  }
  return true;
}

// A throwing call inside a try block may be handled before the exit.
void handled_locally() {
  mu.lock();
  // CHECK-NOTES-STRICT: :[[@LINE-1]]:3: warning: mutex 'mu' locked by 'lock' is unlocked by hand; hold it with 'std::scoped_lock' [leak-manual-lock]
  try {
    work();
  } catch (...) {
    std::puts("failed");
  }
  mu.unlock();
}

// abort() does not return: not a leak.
void aborts(bool broken) {
  mu.lock();
  // CHECK-NOTES-STRICT: :[[@LINE-1]]:3: warning: mutex 'mu' locked by 'lock' is unlocked by hand; hold it with 'std::scoped_lock' [leak-manual-lock]
  if (broken)
    std::abort();
  ++counter;
  mu.unlock();
}

// Handed to a function that may unlock it.
void unlock_and_notify(std::mutex &m);
void hands_off(bool early) {
  mu.lock();
  if (early) {
    unlock_and_notify(mu);
    return;
  }
  mu.unlock();
}

// Different mutexes are different resources.
std::mutex other;
void two_mutexes() {
  mu.lock();
  // CHECK-NOTES-STRICT: :[[@LINE-1]]:3: warning: mutex 'mu' locked by 'lock' is unlocked by hand; hold it with 'std::scoped_lock' [leak-manual-lock]
  other.lock();
  // CHECK-NOTES-STRICT: :[[@LINE-1]]:3: warning: mutex 'other' locked by 'lock' is unlocked by hand; hold it with 'std::scoped_lock' [leak-manual-lock]
  other.unlock();
  mu.unlock();
}

// Code in system headers is not the user's.
int use_system_header() { return system_locked_work(false); }
