// A pool whose workers wait for work forever and that nothing stops.
// C++20: its threads become std::jthread, the condition variable a
// std::condition_variable_any whose wait the stop token ends, and a worker
// returns when its wait was ended by a stop request. Before C++20: a
// std::atomic<bool> stop flag in the wait's predicate and the loop, tested
// after the wait; the destructor sets it under the mutex, wakes every
// worker and joins them.
// RUN: %check_clang_tidy -check-suffix=CXX20 %s leak-uncancellable-thread %t -- -- -std=c++20
// RUN: %check_clang_tidy -check-suffix=CXX17 %s leak-uncancellable-thread %t -- -- -std=c++17

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

void log_line(const char *text);

// CHECK-FIXES-CXX17: #include <atomic>

class WorkerPool {
public:
  explicit WorkerPool(int n) {
    for (int i = 0; i < n; ++i)
      workers_.emplace_back([this] {
        // CHECK-MESSAGES-CXX20: :[[@LINE-1]]:7: warning: thread runs an endless loop that nothing can stop; use 'std::jthread' and end the loop when its 'std::stop_token' is requested [leak-uncancellable-thread]
        // CHECK-MESSAGES-CXX17: :[[@LINE-2]]:7: warning: thread runs an endless loop that nothing can stop; give the loop a 'std::atomic<bool>' stop flag and join the thread on shutdown [leak-uncancellable-thread]
        for (;;) {
          std::function<void()> task;
          {
            std::unique_lock<std::mutex> lock(mu_);
            cv_.wait(lock, [this] { return !tasks_.empty(); });
            task = std::move(tasks_.front());
            tasks_.pop_front();
          }
          task();
        }
      });
  }
  // CHECK-FIXES-CXX20: workers_.emplace_back([this](std::stop_token st) {
  // CHECK-FIXES-CXX20-NEXT: for (; !st.stop_requested();) {
  // CHECK-FIXES-CXX20: if (!cv_.wait(lock, st, [this] { return !tasks_.empty(); }))
  // CHECK-FIXES-CXX20-NEXT: return;
  // CHECK-FIXES-CXX20-NEXT: task = std::move(tasks_.front());
  // CHECK-FIXES-CXX17: workers_.emplace_back([this] {
  // CHECK-FIXES-CXX17-NEXT: for (; !stop_;) {
  // CHECK-FIXES-CXX17: cv_.wait(lock, [this] { return stop_ || !tasks_.empty(); });
  // CHECK-FIXES-CXX17-NEXT: if (stop_)
  // CHECK-FIXES-CXX17-NEXT: return;
  // CHECK-FIXES-CXX17-NEXT: task = std::move(tasks_.front());

  void submit(std::function<void()> task) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      tasks_.push_back(std::move(task));
    }
    cv_.notify_one();
  }

private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> tasks_;
  std::vector<std::thread> workers_;
  // CHECK-FIXES-CXX20: std::condition_variable_any cv_;
  // CHECK-FIXES-CXX20: std::vector<std::jthread> workers_;
  // CHECK-FIXES-CXX20-NEXT: };
  // CHECK-FIXES-CXX17: std::atomic<bool> stop_{false};
  // CHECK-FIXES-CXX17-NEXT: std::vector<std::thread> workers_;
  // CHECK-FIXES-CXX17-NEXT: public:
  // CHECK-FIXES-CXX17-NEXT: ~WorkerPool() {
  // CHECK-FIXES-CXX17-NEXT: {
  // CHECK-FIXES-CXX17-NEXT: std::lock_guard<std::mutex> lock(mu_);
  // CHECK-FIXES-CXX17-NEXT: stop_ = true;
  // CHECK-FIXES-CXX17-NEXT: }
  // CHECK-FIXES-CXX17-NEXT: cv_.notify_all();
  // CHECK-FIXES-CXX17-NEXT: for (auto &worker : workers_)
  // CHECK-FIXES-CXX17-NEXT: if (worker.joinable())
  // CHECK-FIXES-CXX17-NEXT: worker.join();
  // CHECK-FIXES-CXX17-NEXT: }
  // CHECK-FIXES-CXX17-NEXT: };
};

// A destructor of its own that does not stop the workers: before C++20 the
// shutdown goes first in it; a predicate with '||' keeps its meaning.
class Dispatcher {
public:
  Dispatcher() {
    workers_.emplace_back([this] {
      // CHECK-MESSAGES-CXX20: :[[@LINE-1]]:5: warning: thread runs an endless loop that nothing can stop; use 'std::jthread' and end the loop when its 'std::stop_token' is requested [leak-uncancellable-thread]
      // CHECK-MESSAGES-CXX17: :[[@LINE-2]]:5: warning: thread runs an endless loop that nothing can stop; give the loop a 'std::atomic<bool>' stop flag and join the thread on shutdown [leak-uncancellable-thread]
      while (true) {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [this] { return !urgent_.empty() || !events_.empty(); });
        auto &queue = urgent_.empty() ? events_ : urgent_;
        const char *event = queue.front();
        queue.pop_front();
        lock.unlock();
        log_line(event);
      }
    });
  }
  // CHECK-FIXES-CXX20: if (!cv_.wait(lock, st, [this] { return !urgent_.empty() || !events_.empty(); }))
  // CHECK-FIXES-CXX17: cv_.wait(lock, [this] { return stop_ || (!urgent_.empty() || !events_.empty()); });
  ~Dispatcher() { log_line("dispatcher gone"); }
  // CHECK-FIXES-CXX17: ~Dispatcher() {
  // CHECK-FIXES-CXX17-NEXT: {
  // CHECK-FIXES-CXX17-NEXT: std::lock_guard<std::mutex> lock(mu_);
  // CHECK-FIXES-CXX17-NEXT: stop_ = true;
  // CHECK-FIXES-CXX17-NEXT: }
  // CHECK-FIXES-CXX17-NEXT: cv_.notify_all();
  // CHECK-FIXES-CXX17-NEXT: for (auto &worker : workers_)
  // CHECK-FIXES-CXX17-NEXT: if (worker.joinable())
  // CHECK-FIXES-CXX17-NEXT: worker.join();
  // CHECK-FIXES-CXX17-NEXT: log_line("dispatcher gone"); }
  void post(const char *event) {
    std::lock_guard<std::mutex> lock(mu_);
    events_.push_back(event);
    cv_.notify_one();
  }

private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<const char *> urgent_;
  std::deque<const char *> events_;
  std::vector<std::thread> workers_;
};

// ---- no fix

// The queue is declared after the threads: destroyed first, while the
// workers may still use it.
class LatePool {
public:
  LatePool() {
    workers_.emplace_back([this] {
      // CHECK-MESSAGES-CXX20: :[[@LINE-1]]:5: warning: thread runs an endless loop that nothing can stop; use 'std::jthread' and end the loop when its 'std::stop_token' is requested [leak-uncancellable-thread]
      // CHECK-MESSAGES-CXX17: :[[@LINE-2]]:5: warning: thread runs an endless loop that nothing can stop; give the loop a 'std::atomic<bool>' stop flag and join the thread on shutdown [leak-uncancellable-thread]
      for (;;) {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [this] { return !tasks_.empty(); });
        tasks_.pop_front();
      }
    });
  }

private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::thread> workers_;
  std::deque<int> tasks_;
};

// The workers wait without a predicate: no statement to test a flag after.
class PlainWaitPool {
public:
  PlainWaitPool() {
    workers_.emplace_back([this] {
      // CHECK-MESSAGES-CXX20: :[[@LINE-1]]:5: warning: thread runs an endless loop that nothing can stop; use 'std::jthread' and end the loop when its 'std::stop_token' is requested [leak-uncancellable-thread]
      // CHECK-MESSAGES-CXX17: :[[@LINE-2]]:5: warning: thread runs an endless loop that nothing can stop; give the loop a 'std::atomic<bool>' stop flag and join the thread on shutdown [leak-uncancellable-thread]
      for (;;) {
        std::unique_lock<std::mutex> lock(mu_);
        while (tasks_.empty())
          cv_.wait(lock);
        tasks_.pop_front();
      }
    });
  }

private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<int> tasks_;
  std::vector<std::thread> workers_;
};
