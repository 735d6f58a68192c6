// FIXRATE-STD: c++17 c++20
// Fix-rate cases for leak-uncancellable-thread: background workers of a
// service that nothing can stop.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

void flush_metrics();
void ping(const std::string &peer);
bool poll_once();

// A member thread started in the constructor, joined in the destructor.
class MetricsFlusher {
public:
  MetricsFlusher()
      : worker_([] { // FINDING: leak-uncancellable-thread
          while (true) {
            flush_metrics();
            std::this_thread::sleep_for(std::chrono::seconds(10));
          }
        }) {}
  ~MetricsFlusher() { worker_.join(); }

private:
  std::thread worker_;
};

// A member thread started by a member function.
class Heartbeat {
public:
  explicit Heartbeat(std::string peer) : peer_(std::move(peer)) {}
  void start() {
    thread_ = std::thread([this] { // FINDING: leak-uncancellable-thread
      for (;;) {
        ping(peer_);
        std::this_thread::sleep_for(std::chrono::seconds(1));
      }
    });
  }
  ~Heartbeat() {
    if (thread_.joinable())
      thread_.join();
  }

private:
  std::string peer_;
  std::thread thread_;
};

// A local thread that polls until the process ends.
void run_poller() {
  std::thread poller([] { // FINDING: leak-uncancellable-thread
    while (true)
      poll_once();
  });
  poller.join();
}

// A keep-alive thread detached from a member function.
class KeepAlive {
public:
  void start(const std::string &peer) {
    std::thread([this, peer] { // FINDING: leak-uncancellable-thread
      for (;;) {
        ping(peer);
        ++pings_;
        std::this_thread::sleep_for(std::chrono::seconds(30));
      }
    }).detach();
  }

private:
  long pings_ = 0;
};

// A detached thread started from a free function: nothing can own it.
void start_reaper() {
  std::thread([] { // FINDING: leak-uncancellable-thread
    for (;;) {
      flush_metrics();
      std::this_thread::sleep_for(std::chrono::minutes(1));
    }
  }).detach();
}

// A hand-rolled pool whose workers wait for work forever.
class WorkerPool {
public:
  explicit WorkerPool(int n) {
    for (int i = 0; i < n; ++i)
      workers_.emplace_back([this] { // FINDING: leak-uncancellable-thread
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
};

// A detached thread holding a request's local by reference.
void handle_upload(const std::string &body) {
  std::string copy = body;
  std::thread([&copy] { ping(copy); }).detach(); // FINDING: leak-uncancellable-thread
}
