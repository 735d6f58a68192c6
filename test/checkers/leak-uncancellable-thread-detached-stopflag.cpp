// Before C++20: a detached endless thread started by a member function
// becomes a std::thread member, with a std::atomic<bool> stop flag that the
// loop tests; the destructor (the class's own, or a new one) sets the flag
// and joins the thread. A start outside a constructor first stops and joins
// the thread of a previous start (assigning to a joinable std::thread
// would call std::terminate).
// RUN: %check_clang_tidy -std=c++14,c++17 %s leak-uncancellable-thread %t

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

void ping(const std::string &peer);

// CHECK-FIXES: #include <atomic>

// No destructor of its own: the fix adds one.
class KeepAlive {
public:
  explicit KeepAlive(std::string peer) : peer_(std::move(peer)) {}
  void start() {
    std::thread([this] {
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: detached thread runs an endless loop that nothing can stop; give the loop a 'std::atomic<bool>' stop flag and join the thread on shutdown [leak-uncancellable-thread]
      // CHECK-NOTES: :[[@LINE+1]]:7: note: endless loop: its condition is always true and nothing leaves it
      for (;;) {
        ping(peer_);
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    }).detach();
  }
  // CHECK-FIXES: if (thread_.joinable()) {
  // CHECK-FIXES-NEXT: stop_ = true;
  // CHECK-FIXES-NEXT: thread_.join();
  // CHECK-FIXES-NEXT: stop_ = false;
  // CHECK-FIXES-NEXT: }
  // CHECK-FIXES-NEXT: thread_ = std::thread([this] {
  // CHECK-FIXES-NEXT: for (; !stop_;) {
  // CHECK-FIXES-NEXT: ping(peer_);
  // CHECK-FIXES-NEXT: std::this_thread::sleep_for(std::chrono::milliseconds(100));
  // CHECK-FIXES-NEXT: }
  // CHECK-FIXES-NEXT: });

private:
  std::string peer_;
  // CHECK-FIXES: std::string peer_;
  // CHECK-FIXES-NEXT: public:
  // CHECK-FIXES-NEXT: ~KeepAlive() {
  // CHECK-FIXES-NEXT: stop_ = true;
  // CHECK-FIXES-NEXT: if (thread_.joinable())
  // CHECK-FIXES-NEXT: thread_.join();
  // CHECK-FIXES-NEXT: }
  // CHECK-FIXES-NEXT: private:
  // CHECK-FIXES-NEXT: std::atomic<bool> stop_{false};
  // CHECK-FIXES-NEXT: std::thread thread_;
  // CHECK-FIXES-NEXT: };
};

// A destructor of its own: the flag is set and the thread joined first.
// The lambda now captures `this` too; 'stop_' is taken.
class Reporter {
public:
  ~Reporter() {
    ping("bye");
  }
  // CHECK-FIXES: ~Reporter() {
  // CHECK-FIXES-NEXT: stopping_ = true;
  // CHECK-FIXES-NEXT: if (thread_.joinable())
  // CHECK-FIXES-NEXT: thread_.join();
  // CHECK-FIXES-NEXT: ping("bye");
  void start(std::string peer) {
    std::thread([peer] {
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: detached thread runs an endless loop that nothing can stop; give the loop a 'std::atomic<bool>' stop flag and join the thread on shutdown [leak-uncancellable-thread]
      // CHECK-NOTES: :[[@LINE+1]]:7: note: endless loop: its condition is always true and nothing leaves it
      while (true)
        ping(peer);
    }).detach();
  }
  // CHECK-FIXES: stopping_ = false;
  // CHECK-FIXES-NEXT: }
  // CHECK-FIXES-NEXT: thread_ = std::thread([this, peer] {
  // CHECK-FIXES-NEXT: while (!stopping_)
  // CHECK-FIXES-NEXT: ping(peer);
  // CHECK-FIXES-NEXT: });

private:
  int stop_ = 0;
  // CHECK-FIXES: int stop_ = 0;
  // CHECK-FIXES-NEXT: std::atomic<bool> stopping_{false};
  // CHECK-FIXES-NEXT: std::thread thread_;
  // CHECK-FIXES-NEXT: };
};

// Started by the constructor: the member is new, nothing to stop first.
class Ticker {
public:
  Ticker() {
    std::thread([this] {
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: detached thread runs an endless loop that nothing can stop; give the loop a 'std::atomic<bool>' stop flag and join the thread on shutdown [leak-uncancellable-thread]
      // CHECK-NOTES: :[[@LINE+1]]:7: note: endless loop: its condition is always true and nothing leaves it
      for (;;)
        ++ticks_;
    }).detach();
  }
  // CHECK-FIXES: Ticker() {
  // CHECK-FIXES-NEXT: thread_ = std::thread([this] {
  // CHECK-FIXES-NEXT: for (; !stop_;)

private:
  long ticks_ = 0;
};

// ---- no fix, and the note says why

// The loop waits on a condition variable that a flag alone would not wake.
class Drainer {
public:
  void start() {
    std::thread([this] {
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: detached thread runs an endless loop that nothing can stop; give the loop a 'std::atomic<bool>' stop flag and join the thread on shutdown [leak-uncancellable-thread]
      // CHECK-NOTES: :[[@LINE+3]]:7: note: endless loop: its condition is always true and nothing leaves it
      // CHECK-NOTES: :[[@LINE+2]]:7: note: before C++20: declare 'std::atomic<bool> stop{false}', loop while '!stop', and on shutdown set 'stop = true' and join the thread
      // CHECK-NOTES: :[[@LINE-4]]:5: note: no fix: the loop waits on a condition variable; add a 'std::atomic<bool>' stop flag to its predicate, set it and 'notify_all()' before joining the thread
      for (;;) {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [this] { return !queue_.empty(); });
        queue_.pop_front();
      }
    }).detach();
  }

private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<int> queue_;
};

// A class that is moved: a std::atomic member cannot be.
class Beacon {
public:
  void start() {
    std::thread([] {
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: detached thread runs an endless loop that nothing can stop; give the loop a 'std::atomic<bool>' stop flag and join the thread on shutdown [leak-uncancellable-thread]
      // CHECK-NOTES: :[[@LINE+3]]:7: note: endless loop: its condition is always true and nothing leaves it
      // CHECK-NOTES: :[[@LINE+2]]:7: note: before C++20: declare 'std::atomic<bool> stop{false}', loop while '!stop', and on shutdown set 'stop = true' and join the thread
      // CHECK-NOTES: :[[@LINE-4]]:5: note: no fix: 'Beacon' is copied, and a member that keeps the thread could not be; keep the thread in a 'std::thread' member and stop copying the object
      for (;;)
        ping("beacon");
    }).detach();
  }
};

Beacon make_beacon() {
  Beacon b;
  b.start();
  return b;
}
