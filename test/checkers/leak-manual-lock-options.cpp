// User mutex types and lock functions.
// RUN: %check_clang_tidy %s leak-manual-lock %t -- \
// RUN:   -config="{CheckOptions: {leak-manual-lock.MutexTypes: 'app::SpinLock;std::mutex', leak-manual-lock.LockFunctions: 'os_lock:os_unlock;irq_lock:irq_unlock', leak-manual-lock.WaitFunctions: 'os_cond_wait'}}" -- -std=c++17
// Without WaitFunctions, a wrapper's wait is a call that may unlock the
// mutex: every path of wait_then_fail() ends there, quietly.
// RUN: %check_clang_tidy -check-suffix=NOWAIT %s leak-manual-lock %t -- \
// RUN:   -config="{CheckOptions: {leak-manual-lock.LockFunctions: 'os_lock:os_unlock'}}" -- -std=c++17
// Unknown calls are assumed not to throw: only provably throwing calls count.
// RUN: %check_clang_tidy -check-suffix=NOTHROW %s leak-manual-lock %t -- \
// RUN:   -config="{CheckOptions: {leak-manual-lock.UnknownCallsMayThrow: false}}" -- -std=c++17
// A malformed LockFunctions entry is reported, and the rest still works.
// RUN: %clang_tidy_plugin --checks='-*,leak-manual-lock' %s \
// RUN:   -config="{CheckOptions: {leak-manual-lock.LockFunctions: 'os_lock;os_lock:os_unlock'}}" \
// RUN:   -- -std=c++17 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: warning: invalid entry 'os_lock' in option 'LockFunctions' of check 'leak-manual-lock': expected 'lock_function:unlock_function' [clang-tidy-config]
// BAD: leak-manual-lock-options.cpp:{{[0-9]+}}:3: warning: mutex 'os_mutex' locked by 'os_lock'

#include <mutex>

namespace app {
struct SpinLock {
  void lock();
  void unlock();
};
} // namespace app
struct os_mutex_t { int word; };
extern "C" void os_lock(os_mutex_t *);
extern "C" void os_unlock(os_mutex_t *);

app::SpinLock spin;
os_mutex_t os_mutex;
std::mutex mu;
int counter;
void work();

int with_os_lock(bool fail) {
  os_lock(&os_mutex);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'os_mutex' locked by 'os_lock' is not unlocked on every path; hold it with a 'std::unique_ptr' whose deleter is 'os_unlock' [leak-manual-lock]
  // CHECK-MESSAGES-NOWAIT: :[[@LINE-2]]:3: warning: mutex 'os_mutex' locked by 'os_lock' is not unlocked on every path; hold it with a 'std::unique_ptr' whose deleter is 'os_unlock' [leak-manual-lock]
  if (fail)
    return -1;
  ++counter;
  os_unlock(&os_mutex);
  return 0;
}
// CHECK-FIXES: int with_os_lock(bool fail) {
// CHECK-FIXES-NEXT:   std::unique_ptr<os_mutex_t, decltype(&os_unlock)> lock(&os_mutex, &os_unlock);
// CHECK-FIXES-NEXT:   if (fail)

int with_spin_lock(bool fail) {
  spin.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'spin' locked by 'lock' is not unlocked on every path; hold it with 'std::scoped_lock' [leak-manual-lock]
  if (fail)
    return -1;
  spin.unlock();
  return 0;
}
// CHECK-FIXES: int with_spin_lock(bool fail) {
// CHECK-FIXES-NEXT:   std::scoped_lock lock(spin);

void with_unknown_call() {
  mu.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'mu' locked by 'lock' stays locked if an exception is thrown; hold it with 'std::scoped_lock' [leak-manual-lock]
  // CHECK-MESSAGES-NOWAIT: :[[@LINE-2]]:3: warning: mutex 'mu' locked by 'lock' stays locked if an exception is thrown; hold it with 'std::scoped_lock' [leak-manual-lock]
  work();
  mu.unlock();
}

void validate(int v) {
  if (v < 0)
    throw v;
}
void with_throwing_call(int v) {
  mu.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'mu' locked by 'lock' stays locked if an exception is thrown; hold it with 'std::scoped_lock' [leak-manual-lock]
  // CHECK-MESSAGES-NOTHROW: :[[@LINE-2]]:3: warning: mutex 'mu' locked by 'lock' stays locked if an exception is thrown; hold it with 'std::scoped_lock' [leak-manual-lock]
  // CHECK-MESSAGES-NOWAIT: :[[@LINE-3]]:3: warning: mutex 'mu' locked by 'lock' stays locked if an exception is thrown; hold it with 'std::scoped_lock' [leak-manual-lock]
  validate(v);
  counter = v;
  mu.unlock();
}

struct os_cond_t { int word; };
extern "C" void os_cond_wait(os_cond_t *, os_mutex_t *);
os_cond_t ready_cond;
bool ready;
int wait_then_fail(bool fail) {
  os_lock(&os_mutex);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'os_mutex' locked by 'os_lock' is not unlocked on every path; hold it with a 'std::unique_ptr' whose deleter is 'os_unlock' [leak-manual-lock]
  do
    os_cond_wait(&ready_cond, &os_mutex);
  while (!ready);
  if (fail)
    return -1;
  os_unlock(&os_mutex);
  return 0;
}
// The guard holds the mutex across the wait, which unlocks and locks it
// again through its own argument.
// CHECK-FIXES: int wait_then_fail(bool fail) {
// CHECK-FIXES-NEXT:   std::unique_ptr<os_mutex_t, decltype(&os_unlock)> lock(&os_mutex, &os_unlock);

// An unlock function that takes more than the mutex cannot be a deleter: no
// fix.
extern "C" void irq_lock(os_mutex_t *);
extern "C" void irq_unlock(os_mutex_t *, int flags);
int with_irq_lock(bool fail) {
  irq_lock(&os_mutex);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'os_mutex' locked by 'irq_lock' is not unlocked on every path; unlock it before the exits shown in the notes [leak-manual-lock]
  if (fail)
    return -1;
  irq_unlock(&os_mutex, 0);
  return 0;
}
// CHECK-FIXES: int with_irq_lock(bool fail) {
// CHECK-FIXES-NEXT:   irq_lock(&os_mutex);
