// Before C++17 there is no class template argument deduction and no
// std::scoped_lock: the fix spells std::lock_guard<T> and std::shared_lock<T>.
// RUN: %check_clang_tidy %s leak-manual-lock %t -- -- -std=c++14
// The fix keeps the indentation of every line it does not rewrite.
// RUN: FileCheck %s --check-prefix=EXACT --strict-whitespace --match-full-lines --input-file=%t.cpp
// EXACT:int early_return(bool fail) {
// EXACT-NEXT:  std::lock_guard<std::mutex> lock(mu);
// EXACT-NEXT:  if (fail)
// EXACT-NEXT:    return -1;
// EXACT-NEXT:  ++counter;
// EXACT-NEXT:  return 0;
// EXACT-NEXT:}
// With UseScopedLock off, C++17 gets std::lock_guard with deduction.
// RUN: %check_clang_tidy -check-suffix=GUARD %s leak-manual-lock %t -- \
// RUN:   -config="{CheckOptions: {leak-manual-lock.UseScopedLock: false}}" -- -std=c++17

#include <mutex>
#include <shared_mutex>

std::mutex mu;
std::shared_timed_mutex rw;
int counter;

int early_return(bool fail) {
  mu.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'mu' locked by 'lock' is not unlocked on every path; hold it with 'std::lock_guard' [leak-manual-lock]
  // CHECK-MESSAGES-GUARD: :[[@LINE-2]]:3: warning: mutex 'mu' locked by 'lock' is not unlocked on every path; hold it with 'std::lock_guard' [leak-manual-lock]
  if (fail)
    return -1;
  ++counter;
  mu.unlock();
  return 0;
}
// CHECK-FIXES: int early_return(bool fail) {
// CHECK-FIXES-NEXT:   std::lock_guard<std::mutex> lock(mu);
// CHECK-FIXES-NEXT:   if (fail)
// CHECK-FIXES-NEXT:     return -1;
// CHECK-FIXES-NEXT:   ++counter;
// CHECK-FIXES-NEXT:   return 0;
// CHECK-FIXES-NEXT: }
// CHECK-FIXES-GUARD: int early_return(bool fail) {
// CHECK-FIXES-GUARD-NEXT:   std::lock_guard lock(mu);

int reader(bool fail) {
  rw.lock_shared();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'rw' locked by 'lock_shared' is not unlocked on every path; hold it with 'std::shared_lock' [leak-manual-lock]
  // CHECK-MESSAGES-GUARD: :[[@LINE-2]]:3: warning: mutex 'rw' locked by 'lock_shared' is not unlocked on every path; hold it with 'std::shared_lock' [leak-manual-lock]
  if (fail)
    return -1;
  int value = counter;
  rw.unlock_shared();
  return value;
}
// CHECK-FIXES: int reader(bool fail) {
// CHECK-FIXES-NEXT:   std::shared_lock<std::shared_timed_mutex> lock(rw);
// CHECK-FIXES-GUARD: int reader(bool fail) {
// CHECK-FIXES-GUARD-NEXT:   std::shared_lock lock(rw);
