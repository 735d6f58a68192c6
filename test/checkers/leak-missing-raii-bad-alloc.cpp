// A call whose only exception is std::bad_alloc (a new-expression, a
// standard container's insertion) does not make an exception path, unless
// AllocationFailuresThrow is on (a service that handles running out of
// memory). The same option holds for leak-manual-lock.
// RUN: %check_clang_tidy -check-suffix=DEFAULT %s leak-missing-raii,leak-manual-lock %t -- -- -std=c++17
// RUN: %check_clang_tidy -check-suffix=ON %s leak-missing-raii,leak-manual-lock %t -- \
// RUN:   -config="{CheckOptions: {AllocationFailuresThrow: true}}" -- -std=c++17

#include <cstdio>
#include <mutex>
#include <new>
#include <string>
#include <vector>

std::mutex Lock;
std::vector<std::string> Log;

void growsVector(const std::string &line) {
  char *buffer = new char[64];
  // CHECK-MESSAGES-ON: :[[@LINE-1]]:18: warning: 'buffer' allocated with 'new[]' leaks if an exception is thrown before it is deleted; own it with 'std::unique_ptr' [leak-missing-raii]
  Log.push_back(line);
  std::snprintf(buffer, 64, "%s", line.c_str());
  delete[] buffer;
}

struct Item {
  int value = 0;
};

void newWhileHeld() {
  FILE *f = std::fopen("items", "r");
  // CHECK-MESSAGES-ON: :[[@LINE-1]]:13: warning: 'f' from 'fopen' leaks if an exception is thrown before it is released with 'fclose'; own it with 'std::unique_ptr' and 'fclose' [leak-missing-raii]
  if (!f)
    return;
  Item *item = new Item;
  // CHECK-MESSAGES-ON: :[[@LINE-1]]:16: warning: 'item' allocated with 'new' leaks if an exception is thrown before it is deleted; own it with 'std::unique_ptr' [leak-missing-raii]
  item->value = std::fgetc(f);
  Item *other = new Item;
  // CHECK-MESSAGES-ON: :[[@LINE-1]]:17: warning: 'other' allocated with 'new' leaks if an exception is thrown before it is deleted; own it with 'std::unique_ptr' [leak-missing-raii]
  other->value = item->value;
  std::fclose(f);
  Log.push_back("read");
  delete other;
  delete item;
}

void lockedAppend(const std::string &line) {
  Lock.lock();
  // CHECK-MESSAGES-ON: :[[@LINE-1]]:3: warning: mutex 'Lock' locked by 'lock' stays locked if an exception is thrown; hold it with 'std::scoped_lock' [leak-manual-lock]
  Log.push_back(line);
  Lock.unlock();
}

// Never: `new (std::nothrow)` gives null instead.
void noThrowNew() {
  int *values = new (std::nothrow) int[8];
  if (!values)
    return;
  Item *item = new (std::nothrow) Item;
  if (item)
    item->value = values[0];
  delete item;
  delete[] values;
}
