// Before C++20: a thread member whose lambda loops forever gets a
// std::atomic<bool> stop flag member, declared before the thread, that the
// loop tests and that is set before every join; a class that never joins the
// thread and has no destructor of its own gets one that stops and joins.
// RUN: %check_clang_tidy -std=c++14,c++17 %s leak-uncancellable-thread %t

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

void flush_metrics();
void ping();

// Started in a member initializer, joined in the destructor.
class Flusher {
public:
  Flusher()
      : worker_([] {
          // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: thread runs an endless loop that nothing can stop; give the loop a 'std::atomic<bool>' stop flag and join the thread on shutdown [leak-uncancellable-thread]
          while (true) {
            flush_metrics();
            std::this_thread::sleep_for(std::chrono::seconds(10));
          }
        }) {}
  ~Flusher() { worker_.join(); }

private:
  std::thread worker_;
};
// CHECK-FIXES: : worker_([this] {
// CHECK-FIXES-NEXT: while (!stop_) {
// CHECK-FIXES: ~Flusher() { stop_ = true;
// CHECK-FIXES-NEXT: worker_.join(); }
// CHECK-FIXES: std::atomic<bool> stop_{false};
// CHECK-FIXES-NEXT: std::thread worker_;

// Started by a member function, joined under joinable().
class Heartbeat {
public:
  void start() {
    thread_ = std::thread([this] {
      // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread runs an endless loop that nothing can stop; give the loop a 'std::atomic<bool>' stop flag and join the thread on shutdown [leak-uncancellable-thread]
      for (;;) {
        ping();
        std::this_thread::sleep_for(std::chrono::seconds(1));
      }
    });
  }
  ~Heartbeat() {
    if (thread_.joinable())
      thread_.join();
  }

private:
  int stop_ = 0; // taken: the flag gets another name
  std::thread thread_;
};
// CHECK-FIXES: for (; !stopping_;) {
// CHECK-FIXES: if (thread_.joinable())
// CHECK-FIXES-NEXT: { stopping_ = true; thread_.join(); }
// CHECK-FIXES: std::atomic<bool> stopping_{false};
// CHECK-FIXES-NEXT: std::thread thread_;

// Never joined, no destructor: one that stops and joins is added.
class Poller {
public:
  void start() {
    poller_ = std::thread([this] {
      // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread runs an endless loop that nothing can stop; give the loop a 'std::atomic<bool>' stop flag and join the thread on shutdown [leak-uncancellable-thread]
      while (true)
        ping();
    });
  }

private:
  std::thread poller_;
};
// CHECK-FIXES: while (!stop_)
// CHECK-FIXES: std::atomic<bool> stop_{false};
// CHECK-FIXES-NEXT: std::thread poller_;
// CHECK-FIXES-NEXT: public:
// CHECK-FIXES-NEXT: ~Poller() {
// CHECK-FIXES-NEXT: stop_ = true;
// CHECK-FIXES-NEXT: if (poller_.joinable())
// CHECK-FIXES-NEXT: poller_.join();
// CHECK-FIXES-NEXT: }
// CHECK-FIXES-NEXT: };

// No fix: the loop waits on a condition variable (a flag alone would not
// wake it), or the thread is a local.
class Waiter {
public:
  void start() {
    thread_ = std::thread([this] {
      // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread runs an endless loop that nothing can stop; give the loop a 'std::atomic<bool>' stop flag and join the thread on shutdown [leak-uncancellable-thread]
      for (;;) {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock);
        ping();
      }
    });
  }
  ~Waiter() { thread_.join(); }

private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::thread thread_;
};
// CHECK-FIXES: ~Waiter() { thread_.join(); }

void local_poller() {
  std::thread t([] {
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread runs an endless loop that nothing can stop; give the loop a 'std::atomic<bool>' stop flag and join the thread on shutdown [leak-uncancellable-thread]
    while (true)
      ping();
  });
  t.join();
}
