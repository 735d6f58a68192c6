// Which calls between an acquisition and its release may throw.
// RUN: %check_clang_tidy %s leak-missing-raii %t -- -- -std=c++17

#include <cstdio>
#include <iostream>
#include <memory>
#include <queue>
#include <stdexcept>
#include <string>
#include <thread>

struct Entry {
  int id = 0;
};

// A function of the file that only calls C functions does not throw.
static void report(const char *what) { std::fprintf(stderr, "%s\n", what); }
static void report_twice(const char *what) {
  report(what);
  report(what);
}

void through_c_only(int id) {
  Entry *e = new Entry;
  e->id = id;
  report_twice("entry");
  delete e;
}

// Stream insertion throws only when the stream was asked to.
void through_streams(int id) {
  Entry *e = new Entry;
  std::cerr << "entry " << id << '\n';
  delete e;
}

// A queue's push can only fail to allocate; join() only on misuse.
void through_queue(std::queue<std::shared_ptr<int>> &q, std::thread &t) {
  Entry *e = new Entry;
  q.push(std::make_shared<int>(e->id));
  if (t.joinable())
    t.join();
  delete e;
}

// ... but a function of the file that throws does.
static void check(int id) {
  if (id < 0)
    throw std::invalid_argument("id");
}
static void check_all(int id) { check(id); }

void through_a_thrower(int id) {
  Entry *e = new Entry;
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'e' allocated with 'new' leaks if an exception is thrown before it is deleted; own it with 'std::unique_ptr' [leak-missing-raii]
  check_all(id);
  delete e;
}
// CHECK-FIXES: auto e = std::make_unique<Entry>();
