// Thread members: std::jthread members need no join of their own; what is
// reported for them is a loop that ignores the token.
// RUN: %check_clang_tidy %s leak-uncancellable-thread %t -- -- -std=c++20

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <stop_token>
#include <thread>
#include <vector>

void work();

// ---- std::jthread members whose loops poll their token: quiet

// Started in the constructor's member-initializer list.
class Poller {
public:
  Poller()
      : worker_([this](std::stop_token st) {
          while (!st.stop_requested())
            poll();
        }) {}

private:
  void poll();
  std::jthread worker_;
};

// Assigned in the constructor's body.
class Refresher {
public:
  Refresher() {
    worker_ = std::jthread([](std::stop_token st) {
      while (!st.stop_requested())
        work();
    });
  }

private:
  std::jthread worker_;
};

// Started later by a member function, the loop in a member function that
// gets the token.
class Flusher {
public:
  void start() {
    worker_ = std::jthread([this](std::stop_token st) { run(st); });
  }

private:
  void run(std::stop_token st) {
    for (;;) {
      if (st.stop_requested())
        return;
      work();
    }
  }
  std::jthread worker_;
};

// A container of std::jthread: each one is stopped and joined by its
// destructor.
class Workers {
public:
  explicit Workers(int n) {
    for (int i = 0; i < n; ++i)
      workers_.emplace_back([](std::stop_token st) {
        while (!st.stop_requested())
          work();
      });
  }

private:
  std::vector<std::jthread> workers_;
};

// ---- std::jthread members whose loops ignore the token: reported

class Ticker {
public:
  Ticker()
      : worker_([] {
          // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'std::jthread' runs an endless loop that ignores its 'std::stop_token'; its destructor waits forever; end the loop when a stop is requested [leak-uncancellable-thread]
          while (true)
            // CHECK-NOTES: :[[@LINE-1]]:11: note: endless loop: its condition is always true and nothing leaves it
            work();
        }) {}

private:
  std::jthread worker_;
};
// CHECK-FIXES: : worker_([](std::stop_token st) {
// CHECK-FIXES: while (!st.stop_requested())

class TokenIgnored {
public:
  void start() {
    worker_ = std::jthread([](std::stop_token) {
      // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'std::jthread' runs an endless loop that ignores its 'std::stop_token'{{.*}}
      for (;;)
        // CHECK-NOTES: :[[@LINE-1]]:7: note: endless loop{{.*}}
        work();
    });
  }

private:
  std::jthread worker_;
};

// ---- std::thread members are still judged

class Plain {
public:
  Plain() : worker_([] { work(); }) {}
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: thread member 'worker_' is started here but no member function of 'Plain' joins or detaches it; destroying a joinable thread calls 'std::terminate' [leak-uncancellable-thread]

private:
  std::thread worker_;
  // CHECK-NOTES: :[[@LINE-1]]:15: note: 'worker_' declared here
};
