// RUN: %check_clang_tidy %s leak-uncancellable-thread %t -- -- -std=c++20 \
// RUN:   -isystem %S/Inputs/uncancellable-thread-system

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <mutex>
#include <queue>
#include <string>
#include <thread>
#include <vector>
#include <fake-gtest.h>

void work();
bool poll_once();
std::atomic<bool> stopping{false};
volatile bool signalled;
int process(const std::string &);

// ---- Endless bodies --------------------------------------------------------

void local_endless_joined() {
  std::thread t([] {
    while (true) {
      work();
    }
  });
  // CHECK-NOTES: :[[@LINE-5]]:15: warning: thread runs an endless loop that nothing can stop; use 'std::jthread' and end the loop when its 'std::stop_token' is requested [leak-uncancellable-thread]
  // CHECK-NOTES: :[[@LINE-5]]:5: note: endless loop: its condition is always true and nothing leaves it
  t.join();
}
// CHECK-FIXES: void local_endless_joined() {
// CHECK-FIXES-NEXT:   std::jthread t([](std::stop_token st) {
// CHECK-FIXES-NEXT:     while (!st.stop_requested()) {
// CHECK-FIXES-NEXT:       work();
// CHECK-FIXES-NEXT:     }
// CHECK-FIXES-NEXT:   });
// CHECK-FIXES-NEXT:   t.request_stop();
// CHECK-FIXES-NEXT:   t.join();
// CHECK-FIXES-NEXT: }

void local_endless_for(int shards) {
  std::thread t([shards]() { for (;;) { work(); } });
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread runs an endless loop{{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:30: note: endless loop: its condition is always true and nothing leaves it
  t.join();
}
// CHECK-FIXES: std::jthread t([shards](std::stop_token st) { for (; !st.stop_requested();) { work(); } });

// A flag nothing changes: the stop condition is added, the flag kept.
void local_unchanged_flag() {
  std::thread t([] {
    bool run = true;
    do {
      work();
    } while (run);
  });
  // CHECK-NOTES: :[[@LINE-6]]:15: warning: thread runs an endless loop{{.*}}
  // CHECK-NOTES: :[[@LINE-5]]:5: note: endless loop: nothing changes 'run'
  t.join();
}
// CHECK-FIXES: } while (run && !st.stop_requested());

// A lambda with a parameter: the token comes first.
void with_parameter() {
  std::thread t([](int n) { while (1) work(); }, 3);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread runs an endless loop{{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:29: note: endless loop{{.*}}
  t.join();
}
// CHECK-FIXES: std::jthread t([](std::stop_token st, int n) { while (!st.stop_requested()) work(); }, 3);

// The name `st` is taken in the lambda.
void fresh_name() {
  std::thread t([] {
    int st = 0;
    while (true)
      st += poll_once();
  });
  // CHECK-NOTES: :[[@LINE-5]]:15: warning: thread runs an endless loop{{.*}}
  // CHECK-NOTES: :[[@LINE-4]]:5: note: endless loop{{.*}}
  t.join();
}
// CHECK-FIXES: std::jthread t([](std::stop_token stop_token) {
// CHECK-FIXES: while (!stop_token.stop_requested())

// Detached and endless: no fix, a jthread here would stop at the end of
// the scope.
void detached_endless() {
  std::thread([] {
    for (;;)
      work();
  }).detach();
  // CHECK-NOTES: :[[@LINE-4]]:3: warning: detached thread runs an endless loop that nothing can stop; use 'std::jthread' and end the loop when its 'std::stop_token' is requested [leak-uncancellable-thread]
  // CHECK-NOTES: :[[@LINE-4]]:5: note: endless loop: its condition is always true and nothing leaves it
  // CHECK-NOTES: :[[@LINE-6]]:3: note: no fix: a 'std::jthread' in this scope would be stopped at its end; keep the thread in a member 'std::jthread' instead of detaching it
}

void detached_later() {
  std::thread t([] { while (true) work(); });
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: detached thread runs an endless loop{{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:22: note: endless loop{{.*}}
  work();
  t.detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the thread is detached here
  // CHECK-NOTES: :[[@LINE-6]]:15: note: no fix: a 'std::jthread' in this scope{{.*}}
}

// A function of the translation unit as the body: note only.
void serve_forever() {
  while (true) {
    if (poll_once())
      work();
  }
}

void function_body() {
  std::thread t(serve_forever);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread runs an endless loop{{.*}}
  // CHECK-NOTES: :[[@LINE-9]]:3: note: endless loop{{.*}}
  // CHECK-NOTES: :[[@LINE-3]]:15: note: no fix: the thread does not run a lambda with the loop in it; give its function a 'std::stop_token' parameter and test 'stop_requested()' in the loop
  t.join();
}

// A member function as the body, through a lambda and through &C::run.
class Poller {
public:
  void start() {
    worker_ = std::thread([this] { run(); });
    // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread runs an endless loop{{.*}}
    // CHECK-NOTES: :[[@LINE+10]]:5: note: endless loop{{.*}}
    // CHECK-NOTES: :[[@LINE-3]]:15: note: no fix: the thread does not run{{.*}}
    second_ = std::thread(&Poller::run, this);
    // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread runs an endless loop{{.*}}
    // CHECK-NOTES: :[[@LINE+6]]:5: note: endless loop{{.*}}
    // CHECK-NOTES: :[[@LINE-3]]:15: note: no fix: the thread does not run{{.*}}
  }
  ~Poller() { worker_.join(); second_.join(); }
private:
  void run() {
    for (;;)
      work();
  }
  std::thread worker_;
  std::thread second_;
};

// A member thread with the loop in its lambda: the member becomes a
// std::jthread, the destructor asks it to stop before joining.
class Heartbeat {
public:
  void start() {
    thread_ = std::thread([this] {
      while (true)
        beat();
    });
    // CHECK-NOTES: :[[@LINE-4]]:15: warning: thread runs an endless loop{{.*}}
    // CHECK-NOTES: :[[@LINE-4]]:7: note: endless loop{{.*}}
  }
  ~Heartbeat() {
    if (thread_.joinable())
      thread_.join();
  }
private:
  void beat();
  std::thread thread_;
};
// CHECK-FIXES: thread_ = std::jthread([this](std::stop_token st) {
// CHECK-FIXES-NEXT: while (!st.stop_requested())
// CHECK-FIXES: if (thread_.joinable())
// CHECK-FIXES-NEXT: { thread_.request_stop(); thread_.join(); }
// CHECK-FIXES: std::jthread thread_;

// A detached member: kept alive by the object, so the detach goes.
class Watcher {
public:
  Watcher() : thread_([this] { for (;;) poll(); }) {
    // CHECK-NOTES: :[[@LINE-1]]:15: warning: detached thread runs an endless loop{{.*}}
    // CHECK-NOTES: :[[@LINE-2]]:32: note: endless loop{{.*}}
    thread_.detach();
    // CHECK-NOTES: :[[@LINE-1]]:5: note: the thread is detached here
  }
private:
  void poll();
  std::thread thread_;
};
// CHECK-FIXES: Watcher() : thread_([this](std::stop_token st) { for (; !st.stop_requested();) poll(); }) {
// CHECK-FIXES-NEXT: }
// CHECK-FIXES: std::jthread thread_;

// A jthread that ignores its token.
void jthread_ignores_token() {
  std::jthread t([](std::stop_token token) {
    while (true)
      work();
  });
  // CHECK-NOTES: :[[@LINE-4]]:16: warning: 'std::jthread' runs an endless loop that ignores its 'std::stop_token'; its destructor waits forever; end the loop when a stop is requested [leak-uncancellable-thread]
  // CHECK-NOTES: :[[@LINE-4]]:5: note: endless loop{{.*}}
}
// CHECK-FIXES: std::jthread t([](std::stop_token token) {
// CHECK-FIXES-NEXT: while (!token.stop_requested())

void jthread_without_token() {
  std::jthread t([] { while (true) work(); });
  // CHECK-NOTES: :[[@LINE-1]]:16: warning: 'std::jthread' runs an endless loop{{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:23: note: endless loop{{.*}}
}
// CHECK-FIXES: std::jthread t([](std::stop_token st) { while (!st.stop_requested()) work(); });

// ---- Detached work holding request-scoped objects --------------------------

void handle_request(std::string body) {
  int status = 0;
  std::thread([&] { status = process(body); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: 'status' is captured by reference by a detached thread, which may outlive it; capture it by value or move it into the lambda [leak-uncancellable-thread]
  // CHECK-NOTES: :[[@LINE-2]]:38: note: 'body' is captured by reference too
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the thread is detached here
}

void explicit_capture(const std::string &name) {
  std::string copy = name;
  std::thread t([&copy] { process(copy); });
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: 'copy' is captured by reference by a detached thread{{.*}}
  t.detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the thread is detached here
}

void fill(std::vector<int> &out, const int *limit);

void passed_by_reference() {
  std::vector<int> results;
  int limit = 10;
  std::thread(fill, std::ref(results), &limit).detach();
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: 'results' is passed by reference to a detached thread, which may outlive it; pass a copy [leak-uncancellable-thread]
  // CHECK-NOTES: :[[@LINE-2]]:40: note: 'limit' is passed by reference too
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the thread is detached here
}

std::future<int> async_escapes(int x) {
  return std::async(std::launch::async, [&x] { return x * 2; });
  // CHECK-NOTES: :[[@LINE-1]]:43: warning: 'x' is captured by reference by a 'std::async' task whose future leaves the function, which may outlive it; capture it by value or move it into the lambda [leak-uncancellable-thread]
  // CHECK-NOTES: :[[@LINE-2]]:10: note: the task is started here
}

// ---- Threads never joined --------------------------------------------------

void leaves_joinable(bool fail) {
  std::thread t(work);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread 't' can leave its scope still joinable, which calls 'std::terminate'; join it on every path or make it a 'std::jthread' [leak-uncancellable-thread]
  if (fail)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 't' is still joinable when returning here
  t.join();
}

void never_joined() {
  std::thread t(work);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread 't' can leave its scope{{.*}}
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: 't' is still joinable at the end of the function

class Reporter {
public:
  Reporter() : thread_(&Reporter::flush, this) {}
  // CHECK-NOTES: :[[@LINE-1]]:16: warning: thread member 'thread_' is started here but no member function of 'Reporter' joins or detaches it; destroying a joinable thread calls 'std::terminate' [leak-uncancellable-thread]
  // CHECK-NOTES: :[[@LINE+5]]:15: note: 'thread_' declared here
  ~Reporter() {}
private:
  void flush() { work(); }
  int pending_ = 0;
  std::thread thread_;
};

class Pool {
public:
  explicit Pool(int n) {
    for (int i = 0; i < n; ++i)
      workers_.emplace_back([this] { drain(); });
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: threads of member 'workers_' are started here but no member function of 'Pool' joins or detaches them; destroying a joinable thread calls 'std::terminate' [leak-uncancellable-thread]
    // CHECK-NOTES: :[[@LINE+4]]:28: note: 'workers_' declared here
  }
private:
  void drain() { work(); }
  std::vector<std::thread> workers_;
};

void local_workers(int n) {
  std::vector<std::thread> workers;
  workers.reserve(n);
  for (int i = 0; i < n; ++i)
    workers.emplace_back([] { work(); });
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: threads of 'workers' are started here but never joined or detached; destroying 'workers' destroys them joinable, which calls 'std::terminate' [leak-uncancellable-thread]
  // CHECK-NOTES: :[[@LINE-5]]:28: note: 'workers' declared here
}

void local_workers_joined(int n) {
  std::vector<std::thread> workers;
  for (int i = 0; i < n; ++i)
    workers.push_back(std::thread(work));
  for (std::thread &w : workers)
    w.join();
}

// ---- Quiet -----------------------------------------------------------------

void joined_on_every_path(bool fail) {
  std::thread t(work);
  if (fail) {
    t.join();
    return;
  }
  t.join();
}

void joined_if_joinable(bool busy) {
  std::thread t(work);
  if (busy)
    work();
  if (t.joinable())
    t.join();
}

void joined_by_a_lambda(bool fail) {
  std::thread t(work);
  auto finish = [&] { t.join(); };
  if (fail) {
    finish();
    return;
  }
  finish();
}

// A failed assertion of a test framework returns: a bail-out, not a path.
void test_body() {
  std::thread server(work);
  ASSERT_TRUE(poll_once());
  server.join();
}

void moved_away(std::vector<std::thread> &threads) {
  std::thread t(work);
  threads.push_back(std::move(t));
}

void finite_detached_owning(std::string body) {
  std::thread([body = std::move(body)] { process(body); }).detach();
}

void detached_waited(std::string body) {
  std::promise<void> done;
  std::thread([&] { process(body); done.set_value(); }).detach();
  done.get_future().wait();
}

void stop_flag_loop() {
  std::thread t([] {
    while (!stopping.load())
      work();
  });
  t.join();
}

void stop_flag_in_body() {
  std::thread t([] {
    while (true) {
      if (stopping)
        break;
      work();
    }
  });
  t.join();
}

void volatile_flag() {
  std::thread t([] {
    for (;;) {
      if (signalled)
        return;
      work();
    }
  });
  t.join();
}

void jthread_honours_token() {
  std::jthread t([](std::stop_token st) {
    while (!st.stop_requested())
      work();
  });
}

void jthread_checks_token_inside() {
  std::jthread t([](std::stop_token st) {
    while (true) {
      if (st.stop_requested())
        return;
      work();
    }
  });
}

void loop_with_exit() {
  std::thread t([] {
    while (true) {
      if (!poll_once())
        break;
    }
  });
  t.join();
}

void loop_with_noreturn() {
  std::thread t([] {
    for (;;) {
      if (!poll_once())
        std::exit(1);
    }
  });
  t.join();
}

// A loop in a try block ends by an exception (a closed queue).
struct Closed {};
int pop_or_throw();
void ends_by_exception() {
  std::thread t([] {
    try {
      while (true)
        process(std::to_string(pop_or_throw()));
    } catch (const Closed &) {
    }
  });
  t.join();
}

// A flag changed in the loop is a stop condition.
void changed_flag() {
  std::thread t([] {
    bool run = true;
    while (run)
      run = poll_once();
  });
  t.join();
}

std::future<int> async_awaited(int x) {
  auto f = std::async(std::launch::async, [&x] { return x; });
  return std::async(std::launch::deferred, [x] { return x; });
}

int async_local(int x) {
  auto f = std::async(std::launch::async, [&] { return x; });
  return f.get();
}

// A pool whose shutdown joins: workers loop until told to stop.
class JoiningPool {
public:
  explicit JoiningPool(int n) {
    for (int i = 0; i < n; ++i)
      workers_.emplace_back([this] {
        for (;;) {
          std::function<void()> task;
          {
            std::unique_lock<std::mutex> lock(mu_);
            cv_.wait(lock, [this] { return stop_ || !tasks_.empty(); });
            if (stop_ && tasks_.empty())
              return;
            task = std::move(tasks_.front());
            tasks_.pop();
          }
          task();
        }
      });
  }
  ~JoiningPool() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    for (std::thread &worker : workers_)
      worker.join();
  }
private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::queue<std::function<void()>> tasks_;
  std::vector<std::thread> workers_;
};

// Joined in the destructor; the loop watches an atomic.
class Ticker {
public:
  Ticker() : thread_([this] { while (!stop_) work(); }) {}
  ~Ticker() {
    stop_ = true;
    thread_.join();
  }
private:
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// Members of a class whose other member functions are defined elsewhere:
// the join may be there.
class Elsewhere {
public:
  Elsewhere() : thread_(work) {}
  ~Elsewhere();
private:
  std::thread thread_;
};

// Detached from main(): main's locals and the thread both last until exit.
int main() {
  std::string config = "x";
  std::thread([&config] { process(config); }).detach();
  std::thread([] { for (;;) work(); }).detach();
  std::thread monitor([] { while (true) work(); });
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread runs an endless loop{{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:28: note: endless loop{{.*}}
  monitor.join();
}
// CHECK-FIXES: std::jthread monitor([](std::stop_token st) { while (!st.stop_requested()) work(); });
// CHECK-FIXES-NEXT: monitor.request_stop();
// CHECK-FIXES-NEXT: monitor.join();

// A local class's member function is analyzed on its own.
void local_class() {
  struct Runner {
    void run() {
      std::thread t([] { while (true) work(); });
      // CHECK-NOTES: :[[@LINE-1]]:19: warning: thread runs an endless loop{{.*}}
      // CHECK-NOTES: :[[@LINE-2]]:26: note: endless loop{{.*}}
      t.join();
    }
  };
  Runner().run();
}
// CHECK-FIXES: std::jthread t([](std::stop_token st) { while (!st.stop_requested()) work(); });
// CHECK-FIXES-NEXT: t.request_stop();
// CHECK-FIXES-NEXT: t.join();

// ---- Macros and templates --------------------------------------------------

#define START_FOREVER(name) std::thread name([] { while (true) work(); })

void in_macro() {
  START_FOREVER(t);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: thread runs an endless loop{{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:3: note: endless loop{{.*}}
  // CHECK-NOTES: :[[@LINE-6]]:51: note: expanded from macro 'START_FOREVER'
  // CHECK-FIXES: START_FOREVER(t);
  t.join();
}

template <typename F> void run_in_thread(F f) {
  std::thread t([f] {
    while (true)
      f();
  });
  // CHECK-NOTES: :[[@LINE-4]]:15: warning: thread runs an endless loop{{.*}}
  // CHECK-NOTES: :[[@LINE-4]]:5: note: endless loop{{.*}}
  t.join();
}
// No fix in template instantiations.
// CHECK-FIXES: template <typename F> void run_in_thread(F f) {
// CHECK-FIXES-NEXT:   std::thread t([f] {
// CHECK-FIXES-NEXT:     while (true)

void instantiate() {
  run_in_thread(work);
  run_in_thread([] { poll_once(); });
}
