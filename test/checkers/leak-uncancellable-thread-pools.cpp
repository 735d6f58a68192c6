// Hand-rolled thread pools: workers kept in a container, detached or never
// joined, whose body waits for work and runs it forever.
// RUN: %check_clang_tidy %s leak-uncancellable-thread %t -- -- -std=c++20

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <queue>
#include <thread>
#include <vector>

void work();

// ---- Pools nothing can stop

// emplace_back(lambda), detached in a loop, a destructor that does nothing.
class DetachedPool {
public:
  explicit DetachedPool(int n) {
    for (int i = 0; i < n; ++i)
      workers_.emplace_back([this] {
      // CHECK-NOTES: :[[@LINE-1]]:7: warning: detached thread runs an endless loop that nothing can stop; use 'std::jthread' and end the loop when its 'std::stop_token' is requested [leak-uncancellable-thread]
      // CHECK-NOTES: :[[@LINE+4]]:9: note: endless loop: its condition is always true and nothing leaves it
      // CHECK-NOTES: :[[@LINE+15]]:7: note: the thread is detached here
      // CHECK-NOTES: :[[@LINE+23]]:3: note: the destructor of 'DetachedPool' neither stops, wakes nor joins the threads of 'workers_'; they outlive the object and keep using its members
      // CHECK-NOTES: :[[@LINE-5]]:7: note: no fix: the threads are kept in a container; make its elements 'std::jthread' and end the loop when the 'std::stop_token' they pass is requested
        for (;;) {
          std::function<void()> task;
          {
            std::unique_lock<std::mutex> lock(mu_);
            cv_.wait(lock, [this] { return !tasks_.empty(); });
            task = std::move(tasks_.front());
            tasks_.pop();
          }
          task();
        }
      });
    for (auto &t : workers_)
      t.detach();
  }
  void submit(std::function<void()> f) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      tasks_.push(std::move(f));
    }
    cv_.notify_one();
  }
  ~DetachedPool() {}

private:
  std::vector<std::thread> workers_;
  std::queue<std::function<void()>> tasks_;
  std::mutex mu_;
  std::condition_variable cv_;
};

// push_back(std::thread(&C::run, this)), .back().detach(), the loop in a
// member function, no destructor.
class BackDetachedPool {
public:
  explicit BackDetachedPool(int n) {
    for (int i = 0; i < n; ++i) {
      threads_.push_back(std::thread(&BackDetachedPool::run, this));
      // CHECK-NOTES: :[[@LINE-1]]:26: warning: detached thread runs an endless loop that nothing can stop; use 'std::jthread' and end the loop when its 'std::stop_token' is requested [leak-uncancellable-thread]
      // CHECK-NOTES: :[[@LINE+10]]:5: note: endless loop: its condition is always true and nothing leaves it
      // CHECK-NOTES: :[[@LINE+3]]:7: note: the thread is detached here
      // CHECK-NOTES: :[[@LINE-8]]:7: note: 'BackDetachedPool' has no destructor that stops, wakes or joins the threads of 'threads_'; they outlive the object and keep using its members
      // CHECK-NOTES: :[[@LINE-5]]:26: note: no fix: the thread does not run a lambda with the loop in it; give its function a 'std::stop_token' parameter and test 'stop_requested()' in the loop
      threads_.back().detach();
    }
  }

private:
  void run() {
    while (true) {
      std::unique_lock<std::mutex> lock(mu_);
      while (tasks_.empty())
        cv_.wait(lock);
      auto task = std::move(tasks_.front());
      tasks_.pop();
      lock.unlock();
      task();
    }
  }
  std::vector<std::thread> threads_;
  std::queue<std::function<void()>> tasks_;
  std::mutex mu_;
  std::condition_variable cv_;
};

// resize() then assignment, never joined.
class ResizedPool {
public:
  explicit ResizedPool(int n) {
    threads_.resize(n);
    for (int i = 0; i < n; ++i)
      threads_[i] = std::thread([this] { loop(); });
      // CHECK-NOTES: :[[@LINE-1]]:21: warning: thread runs an endless loop that nothing can stop; use 'std::jthread' and end the loop when its 'std::stop_token' is requested [leak-uncancellable-thread]
      // CHECK-NOTES: :[[@LINE+7]]:5: note: endless loop: its condition is always true and nothing leaves it
      // CHECK-NOTES: :[[@LINE-8]]:7: note: 'ResizedPool' has no destructor that stops, wakes or joins the threads of 'threads_'; they outlive the object and keep using its members
      // CHECK-NOTES: :[[@LINE-4]]:21: note: no fix: the thread does not run a lambda with the loop in it; give its function a 'std::stop_token' parameter and test 'stop_requested()' in the loop
  }

private:
  void loop() {
    for (;;) {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return pending_.size() > 0; });
      pending_.pop();
      lock.unlock();
      work();
    }
  }
  std::vector<std::thread> threads_;
  std::queue<int> pending_;
  std::mutex mu_;
  std::condition_variable cv_;
};

// ---- Pools that stop: quiet

// A stop flag, notify_all and joins in the destructor; the worker is a
// member function.
class StoppingPool {
public:
  explicit StoppingPool(int n) {
    for (int i = 0; i < n; ++i)
      workers_.push_back(std::thread(&StoppingPool::run, this));
  }
  ~StoppingPool() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    for (auto &worker : workers_)
      worker.join();
  }

private:
  void run() {
    for (;;) {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return stop_ || !tasks_.empty(); });
      if (stop_ && tasks_.empty())
        return;
      auto task = std::move(tasks_.front());
      tasks_.pop();
      lock.unlock();
      task();
    }
  }
  std::vector<std::thread> workers_;
  std::queue<std::function<void()>> tasks_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
};

// An atomic flag read by the loop, detached workers.
class FlaggedPool {
public:
  explicit FlaggedPool(int n) {
    for (int i = 0; i < n; ++i)
      workers_.emplace_back([this] {
        while (!stop_) {
          std::unique_lock<std::mutex> lock(mu_);
          cv_.wait(lock);
          work();
        }
      });
    for (auto &t : workers_)
      t.detach();
  }
  ~FlaggedPool() {
    stop_ = true;
    cv_.notify_all();
  }

private:
  std::vector<std::thread> workers_;
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::condition_variable cv_;
};

// std::jthread workers polling their token.
class TokenPool {
public:
  explicit TokenPool(int n) {
    for (int i = 0; i < n; ++i)
      workers_.emplace_back([this](std::stop_token st) {
        while (!st.stop_requested()) {
          std::unique_lock<std::mutex> lock(mu_);
          cv_.wait(lock, st, [this] { return !tasks_.empty(); });
          if (!tasks_.empty())
            tasks_.pop();
        }
      });
  }

private:
  std::vector<std::jthread> workers_;
  std::queue<int> tasks_;
  std::mutex mu_;
  std::condition_variable_any cv_;
};
