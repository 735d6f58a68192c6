// The standard library's own semaphores (C++20 <semaphore>).
// RUN: %check_clang_tidy %s leak-missing-raii %t -- -- -std=c++20 -I %S/../../include

#include <semaphore>
#include <stdexcept>
#include <string>

std::counting_semaphore<16> slots(16);
std::binary_semaphore ready(1);

void work(const std::string &job); // may throw

void limited(const std::string &job) {
  slots.acquire();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'slots.acquire()' leaks if an exception is thrown before it is given back with 'release()'; give it back in a scope guard [leak-missing-raii]
  work(job);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'slots.acquire()' leaks if an exception is thrown here
  slots.release();
}
// CHECK-FIXES: slots.acquire();
// CHECK-FIXES-NEXT: leakguard::scope_exit release_guard([&] { slots.release(); });
// CHECK-FIXES-NEXT: work(job);
// CHECK-FIXES-NEXT: }

bool exclusive(const std::string &job, bool skip) {
  ready.acquire();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'ready.acquire()' is not given back with 'release()' on every path; give it back in a scope guard [leak-missing-raii]
  if (skip)
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'ready.acquire()' leaks when returning here
  ready.release();
  return true;
}
// CHECK-FIXES: ready.acquire();
// CHECK-FIXES-NEXT: leakguard::scope_exit release_guard([&] { ready.release(); });
// CHECK-FIXES-NEXT: if (skip)
// CHECK-FIXES-NEXT: return false;
// CHECK-FIXES-NEXT: return true;

// try_acquire() is a test, not a pair to follow; a guard already in use.
bool polite(const std::string &job) {
  if (!slots.try_acquire())
    return false;
  work(job);
  slots.release();
  return true;
}
