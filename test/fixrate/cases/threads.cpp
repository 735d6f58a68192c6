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

bool refresh_session(const std::string &token);

// One refresher per remembered login, owned by the session store and
// destroyed at logout; its start() detaches the refreshing thread.
class SessionRefresher {
public:
  explicit SessionRefresher(std::string token) : token_(std::move(token)) {}
  void start() {
    std::thread([token = token_] { // FINDING: leak-uncancellable-thread
      for (;;) {
        std::this_thread::sleep_for(std::chrono::seconds(30));
        refresh_session(token);
      }
    }).detach();
  }

private:
  std::string token_;
};

// A reporter with a destructor of its own; its reporting thread is
// detached and reads the object's members.
class StatsReporter {
public:
  explicit StatsReporter(std::string endpoint)
      : endpoint_(std::move(endpoint)) {}
  ~StatsReporter() { flush_metrics(); }
  void start() {
    std::thread([this] { // FINDING: leak-uncancellable-thread
      while (true) {
        ping(endpoint_);
        std::this_thread::sleep_for(std::chrono::seconds(5));
      }
    }).detach();
  }

private:
  std::string endpoint_;
};

// A route handler that detaches a keep-alive thread per request: a lambda
// has no object to keep the thread in.
void add_keepalive_route(
    std::vector<std::function<void(const std::string &)>> &routes) {
  routes.push_back([](const std::string &token) {
    std::thread([token] { // FINDING: leak-uncancellable-thread
      for (;;) {
        std::this_thread::sleep_for(std::chrono::seconds(30));
        refresh_session(token);
      }
    }).detach();
  });
}

void write_line(const std::string &line);

// An asynchronous access log: request threads post lines, a small pool of
// writers drains them; the destructor only counts what it drops.
class AccessLog {
public:
  explicit AccessLog(int writers) {
    for (int i = 0; i < writers; ++i)
      writers_.emplace_back([this] { // FINDING: leak-uncancellable-thread
        for (;;) {
          std::unique_lock<std::mutex> lock(mu_);
          ready_.wait(lock, [this] { return !lines_.empty(); });
          std::string line = std::move(lines_.front());
          lines_.pop_front();
          lock.unlock();
          write_line(line);
        }
      });
  }
  ~AccessLog() {
    std::lock_guard<std::mutex> lock(mu_);
    dropped_ += lines_.size();
  }
  void post(std::string line) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      lines_.push_back(std::move(line));
    }
    ready_.notify_one();
  }

private:
  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::string> lines_;
  std::size_t dropped_ = 0;
  std::vector<std::thread> writers_;
};
