// Threads handed to a function of the file: joined when it joins them,
// detached when it detaches them, still to be joined when it only asks
// them (the same answers the cross-TU summaries give for another file's
// functions: test/tools/scan-cross-unit-thread.test).
// RUN: %check_clang_tidy %s leak-uncancellable-thread %t -- -- -std=c++17

#include <pthread.h>
#include <thread>
#include <vector>

struct Request {
  int id = 0;
};
void work(int n);
void handle(Request &req);
void keep(std::thread t);

void join_worker(std::thread t) {
  if (t.joinable())
    t.join();
}
void detach_worker(std::thread &t) { t.detach(); }
bool is_running(const std::thread &t) { return t.joinable(); }
void join_or_detach(std::thread &t, bool wait) {
  if (wait)
    t.join();
  else
    t.detach();
}
void hand_on(std::thread &t) { keep(std::move(t)); }
void stop_all(std::vector<std::thread> &threads) {
  for (std::thread &t : threads)
    t.join();
  threads.clear();
}
unsigned running(const std::vector<std::thread> &threads) {
  unsigned n = 0;
  for (const std::thread &t : threads)
    n += t.joinable();
  return n;
}
void reap(pthread_t tid) { pthread_join(tid, nullptr); }
void name_it(pthread_t tid) { pthread_setname_np(tid, "worker"); }
void *body(void *arg) { return arg; }

void joined(int n) {
  std::thread t([n] { work(n); });
  join_worker(std::move(t));
}

void asked(int n) {
  std::thread t([n] { work(n); });
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread 't' can leave its scope still joinable, which calls 'std::terminate'; join it on every path [leak-uncancellable-thread]
  if (is_running(t))
    work(n);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: 't' is still joinable at the end of the function

void detached(int id) {
  Request req;
  req.id = id;
  std::thread t([&req] { handle(req); });
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: 'req' is captured by reference by a detached thread, which may outlive it; capture it by value or move it into the lambda [leak-uncancellable-thread]
  detach_worker(t);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'detach_worker' detaches the thread here
}

// Either, or handed on: unknown, taken as joined.
void either(int n, bool wait) {
  std::thread t([n] { work(n); });
  join_or_detach(t, wait);
}
void handed_on(int n) {
  std::thread t([n] { work(n); });
  hand_on(t);
}

void all_joined(int n) {
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back([i] { work(i); });
  stop_all(threads);
}

unsigned all_counted(int n) {
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back([i] { work(i); });
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: threads of 'threads' are started here but never joined or detached; destroying 'threads' destroys them joinable, which calls 'std::terminate' [leak-uncancellable-thread]
  return running(threads);
}
// CHECK-NOTES: :[[@LINE-6]]:28: note: 'threads' declared here

void reaped() {
  pthread_t tid;
  pthread_create(&tid, nullptr, body, nullptr);
  reap(tid);
}

void named() {
  pthread_t tid;
  pthread_create(&tid, nullptr, body, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: thread created by 'pthread_create' is never joined or detached; its stack and exit status stay allocated after it ends; join it, or detach it if nothing waits for it [leak-uncancellable-thread]
  name_it(tid);
}
// CHECK-NOTES: :[[@LINE-5]]:13: note: 'tid' is not used after the thread is created
