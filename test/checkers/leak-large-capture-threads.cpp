// Large objects held for a thread's whole life: a copy that cannot be a
// move, into a thread that runs until it is stopped and is not joined
// where it starts.
// RUN: %check_clang_tidy %s leak-large-capture %t -- -- -std=c++20

#include <atomic>
#include <map>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

struct Frame {
  char pixels[4096];
};
using Table = std::map<std::string, int>;
void send(const Frame &);
void lookup(const Table &);
void work();
std::atomic<bool> stopping{false};

class Streamer {
public:
  // A const reference parameter copied into a thread that loops until a
  // stop flag is set.
  void start(const Frame &splash) {
    worker_ = std::thread([this, splash] {
    // CHECK-NOTES: :[[@LINE-1]]:34: warning: 'splash' of type 'Frame' (4096 bytes) is copied into a lambda that runs on a 'std::thread'; share it read-only through a 'std::shared_ptr<const T>' [leak-large-capture]
    // (the shared fix leaves no note here)
    // (the shared fix leaves no note here)
      while (!stop_)
        send(splash);
    });
  }
  ~Streamer() {
    stop_ = true;
    worker_.join();
  }

private:
  std::atomic<bool> stop_{false};
  std::thread worker_;
};

// An endless detached loop holding a table.
void serve(const Table &routes) {
  std::thread([routes] {
  // CHECK-NOTES: :[[@LINE-1]]:16: warning: 'routes' of type 'Table' (owns a heap buffer) is copied into a lambda that runs on a 'std::thread'; share it read-only through a 'std::shared_ptr<const T>' [leak-large-capture]
  // (the shared fix leaves no note here)
  // (the shared fix leaves no note here)
    for (;;)
      lookup(routes);
  }).detach();
}

// A jthread polling its token, through a member function it calls.
class Poller {
public:
  void start(const Table &routes) {
    thread_ = std::jthread([this, routes](std::stop_token st) { run(st, routes); });
    // CHECK-NOTES: :[[@LINE-1]]:35: warning: 'routes' of type 'Table' (owns a heap buffer) is copied into a lambda that runs on a 'std::jthread'; share it read-only through a 'std::shared_ptr<const T>' [leak-large-capture]
    // (the shared fix leaves no note here)
    // (the shared fix leaves no note here)
  }

private:
  void run(std::stop_token st, const Table &routes) {
    while (!st.stop_requested())
      lookup(routes);
  }
  std::jthread thread_;
};

// ---- Negatives

// Joined in the same scope: short-lived.
void render_once(const Frame &frame) {
  std::thread t([frame] {
    while (!stopping)
      send(frame);
  });
  t.join();
}

// One piece of work, no loop.
void send_later(const Frame &frame) {
  std::thread([frame] { send(frame); }).detach();
}

// Small copies.
void count_forever(int n) {
  std::thread([n] {
    for (;;)
      (void)n, work();
  }).detach();
}

// Strings are mostly short.
void greet_forever(const std::string &name) {
  std::thread([name] {
    while (!stopping)
      (void)name.size();
  }).detach();
}

// Moved in: one copy, owned by the thread.
Table load_table();
void serve_loaded() {
  Table table = load_table();
  std::thread([t = std::move(table)] {
    for (;;)
      lookup(t);
  }).detach();
}
