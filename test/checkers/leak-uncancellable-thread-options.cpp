// Before C++20: the same findings, a note instead of a fix. Options.
// RUN: %check_clang_tidy %s leak-uncancellable-thread %t -- \
// RUN:   -config="{CheckOptions: {leak-uncancellable-thread.StopFlagTypes: 'app::CancelToken', leak-uncancellable-thread.TaskFunctions: 'std::async;app::Pool::submit;app::TemplatePool::submit', leak-uncancellable-thread.ThreadTypes: 'std::thread;app::Worker'}}" -- -std=c++17
// RUN: %check_clang_tidy -check-suffix=DEFAULT %s leak-uncancellable-thread %t -- -- -std=c++17

#include <atomic>
#include <functional>
#include <future>
#include <string>
#include <thread>

void work();

namespace app {
struct CancelToken {
  bool cancelled() const;
};
class Pool {
public:
  void submit(std::function<void()> task);
  std::future<void> submit_for_result(std::function<void()> task);
};
class Worker {
public:
  template <typename F> explicit Worker(F f) { f(); }
  Worker(Worker &&) noexcept;
  ~Worker();
  void join();
  void detach();
};
} // namespace app

void endless_cxx17() {
  std::thread t([] {
    while (true)
      work();
  });
  // CHECK-NOTES: :[[@LINE-4]]:15: warning: thread runs an endless loop that nothing can stop; give the loop a 'std::atomic<bool>' stop flag and join the thread on shutdown [leak-uncancellable-thread]
  // CHECK-NOTES: :[[@LINE-4]]:5: note: endless loop: its condition is always true and nothing leaves it
  // CHECK-NOTES-DEFAULT: :[[@LINE-6]]:15: warning: thread runs an endless loop{{.*}}
  // CHECK-NOTES-DEFAULT: :[[@LINE-6]]:5: note: endless loop{{.*}}
  // A local stop flag is the fix (leak-uncancellable-thread-local-stopflag.cpp).
  t.join();
}

// A project's own cancellation token counts as a stop condition.
void own_token(app::CancelToken token) {
  std::thread t([token] {
    for (;;) {
      if (token.cancelled())
        continue;
      work();
    }
  });
  // CHECK-NOTES-DEFAULT: :[[@LINE-7]]:15: warning: thread runs an endless loop{{.*}}
  // CHECK-NOTES-DEFAULT: :[[@LINE-7]]:5: note: endless loop{{.*}}
  t.join();
}

// Pool tasks capturing locals by reference.
void submit(app::Pool &pool, std::string request) {
  int attempts = 0;
  pool.submit([&request, &attempts] { ++attempts; work(); });
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'request' is captured by reference by a task that is not waited for, which may outlive it; capture it by value or move it into the lambda [leak-uncancellable-thread]
  // CHECK-NOTES: :[[@LINE-2]]:27: note: 'attempts' is captured by reference too
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the task is submitted here
  auto done = pool.submit_for_result([&request] { work(); });
  done.get();
}

// A pool of this function waits for its tasks when it is destroyed.
void local_pool() {
  int count = 0;
  app::Pool pool;
  pool.submit([&count] { ++count; });
}

// A pool that is a class template: Pool<>::submit is Pool::submit.
namespace app {
template <int Priority = 0> class TemplatePool {
public:
  template <typename F> void submit(F &&task) { task(); }
};
} // namespace app

void template_pool(app::TemplatePool<> &pool) {
  int count = 0;
  pool.submit([&count] { ++count; });
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'count' is captured by reference by a task that is not waited for{{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:3: note: the task is submitted here
}

// A user thread type.
void user_thread(bool fail) {
  app::Worker w([] { work(); });
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread 'w' can leave its scope still joinable, which calls 'std::terminate'; join it on every path [leak-uncancellable-thread]
  if (fail)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'w' is still joinable when returning here
  w.join();
}
