// Options, and the fixes of older standards.
// C++11: std::unique_ptr<T> p(new T(...)); no guards (they need C++17).
// RUN: %check_clang_tidy -check-suffix=CXX11 %s leak-missing-raii %t -- -- -std=c++11
// User pairs and ignored types; unknown calls that cannot throw; macros.
// RUN: %check_clang_tidy -check-suffix=OPTS %s leak-missing-raii %t -- \
// RUN:   -config="{CheckOptions: {leak-missing-raii.MethodPairs: 'open_session:close_session', leak-missing-raii.IgnoredTypes: 'app::Arena', UnknownCallsMayThrow: false, leak-missing-raii.IgnoreMacros: true}}" \
// RUN:   -- -std=c++17

#include <string>

void external(const std::string &text); // defined elsewhere: may throw?
void thrower() { throw 1; }

struct Item {
  explicit Item(int n) : n(n) {}
  int n;
};

void unknown_call(const std::string &text) {
  Item *item = new Item(1);
  // CHECK-NOTES-CXX11: :[[@LINE-1]]:16: warning: 'item' allocated with 'new' leaks if an exception is thrown before it is deleted; own it with 'std::unique_ptr' [leak-missing-raii]
  external(text);
  // CHECK-NOTES-CXX11: :[[@LINE-1]]:3: note: 'item' leaks if an exception is thrown here
  delete item;
}
// CHECK-FIXES-CXX11: std::unique_ptr<Item> item(new Item(1));
// CHECK-FIXES-CXX11-NEXT: external(text);
// CHECK-FIXES-CXX11-NEXT: }
// CHECK-FIXES-OPTS: Item *item = new Item(1);

// A body that throws is known to throw, whatever the option says.
void known_thrower() {
  Item *item = new Item(2);
  // CHECK-NOTES-CXX11: :[[@LINE-1]]:16: warning: 'item' allocated with 'new' leaks if an exception is thrown before it is deleted; own it with 'std::unique_ptr' [leak-missing-raii]
  // CHECK-NOTES-OPTS: :[[@LINE-2]]:16: warning: 'item' allocated with 'new' leaks if an exception is thrown before it is deleted; own it with 'std::unique_ptr' [leak-missing-raii]
  thrower();
  // CHECK-NOTES-CXX11: :[[@LINE-1]]:3: note: 'item' leaks if an exception is thrown here
  // CHECK-NOTES-OPTS: :[[@LINE-2]]:3: note: 'item' leaks if an exception is thrown here
  delete item;
}
// CHECK-FIXES-OPTS: auto item = std::make_unique<Item>(2);

namespace app {
struct Arena {};
struct Session {
  void open_session();
  void close_session();
  void acquire();
  void release();
};
} // namespace app

// Only the configured pairs count.
void session(app::Session &s, bool fail) {
  s.open_session();
  // CHECK-NOTES-OPTS: :[[@LINE-1]]:3: warning: 's.open_session()' is not given back with 'close_session()' on every path; give it back in a scope guard [leak-missing-raii]
  // CHECK-NOTES-OPTS: :[[@LINE-2]]:3: note: no automatic fix: 'close_session()' is not the last statement of the block that calls 'open_session()'
  if (fail)
    return;
  // CHECK-NOTES-OPTS: :[[@LINE-1]]:5: note: 's.open_session()' leaks when returning here
  s.close_session();
  s.open_session();
  s.close_session();
}
void default_pair(app::Session &s, bool fail) {
  s.acquire();
  // CHECK-NOTES-CXX11: :[[@LINE-1]]:3: warning: 's.acquire()' is not given back with 'release()' on every path; give it back in a scope guard [leak-missing-raii]
  if (fail)
    return;
  // CHECK-NOTES-CXX11: :[[@LINE-1]]:5: note: 's.acquire()' leaks when returning here
  s.release();
}

// Ignored types are not followed.
void arena(bool fail) {
  app::Arena *a = new app::Arena;
  // CHECK-NOTES-CXX11: :[[@LINE-1]]:19: warning: 'a' allocated with 'new' is not deleted on every path; own it with 'std::unique_ptr' [leak-missing-raii]
  if (fail)
    return;
  // CHECK-NOTES-CXX11: :[[@LINE-1]]:5: note: 'a' leaks when returning here
  delete a;
}
// CHECK-FIXES-CXX11: std::unique_ptr<app::Arena> a(new app::Arena);

// IgnoreMacros skips acquisitions spelled in macros.
#define NEW_ITEM(n) new Item(n)
void in_macro(bool fail) {
  Item *item = NEW_ITEM(3);
  // CHECK-NOTES-CXX11: :[[@LINE-1]]:16: warning: 'item' allocated with 'new' is not deleted on every path; own it with 'std::unique_ptr' [leak-missing-raii]
  // CHECK-NOTES-CXX11: :{{[0-9]+}}:21: note: expanded from macro 'NEW_ITEM'
  // CHECK-NOTES-CXX11: :[[@LINE-3]]:16: note: no automatic fix: the acquisition is in a macro
  // CHECK-NOTES-CXX11: :{{[0-9]+}}:21: note: expanded from macro 'NEW_ITEM'
  if (fail)
    return;
  // CHECK-NOTES-CXX11: :[[@LINE-1]]:5: note: 'item' leaks when returning here
  delete item;
}
