// A detached endless thread started by a member function: in C++20 the
// object keeps it in a new std::jthread member, whose destructor stops and
// joins it; the loop ends when the stop token is requested, and its sleeps
// end early (leakguard::sleep_for) so the join does not wait them out.
// RUN: %check_clang_tidy %s leak-uncancellable-thread %t -- -- -std=c++20 -I %S/../../include

#include <chrono>
#include <memory>
#include <string>
#include <thread>

void ping(const std::string &peer);
bool refresh(const std::string &token);

// CHECK-FIXES: #include <leakguard/stop_sleep.h>

// One keeper per remembered session: its start() used to detach the
// thread, so destroying the keeper left the thread running.
class SessionKeeper {
public:
  explicit SessionKeeper(std::string token) : token_(std::move(token)) {}

  void start() {
    std::thread([token = token_] {
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: detached thread runs an endless loop that nothing can stop; use 'std::jthread' and end the loop when its 'std::stop_token' is requested [leak-uncancellable-thread]
      // CHECK-NOTES: :[[@LINE+1]]:7: note: endless loop: its condition is always true and nothing leaves it
      for (;;) {
        std::this_thread::sleep_for(std::chrono::seconds(30));
        refresh(token);
      }
    }).detach();
  }
  // CHECK-FIXES: thread_ = std::jthread([token = token_](std::stop_token st) {
  // CHECK-FIXES-NEXT: for (; !st.stop_requested();) {
  // CHECK-FIXES-NEXT: leakguard::sleep_for(st, std::chrono::seconds(30));
  // CHECK-FIXES-NEXT: refresh(token);
  // CHECK-FIXES-NEXT: }
  // CHECK-FIXES-NEXT: });

private:
  std::string token_;
  // CHECK-FIXES: std::string token_;
  // CHECK-FIXES-NEXT: std::jthread thread_;
  // CHECK-FIXES-NEXT: };
};

// The same from a class with public members last, a member already named
// thread_, a lambda on `this` and a sleep_until; the keeper is created and
// destroyed per request.
class Heartbeat {
public:
  explicit Heartbeat(std::string to) : peer(std::move(to)) {}
  void start() {
    std::thread([this] {
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: detached thread runs an endless loop that nothing can stop; use 'std::jthread' and end the loop when its 'std::stop_token' is requested [leak-uncancellable-thread]
      // CHECK-NOTES: :[[@LINE+1]]:7: note: endless loop: its condition is always true and nothing leaves it
      while (true) {
        ping(peer);
        std::this_thread::sleep_until(std::chrono::steady_clock::now() +
                                      std::chrono::seconds(1));
      }
    }).detach();
  }
  // CHECK-FIXES: worker_ = std::jthread([this](std::stop_token st) {
  // CHECK-FIXES: while (!st.stop_requested()) {
  // CHECK-FIXES-NEXT: ping(peer);
  // CHECK-FIXES-NEXT: leakguard::sleep_until(st, std::chrono::steady_clock::now() +

  int thread_ = 0;
  std::string peer;
  // CHECK-FIXES: std::string peer;
  // CHECK-FIXES-NEXT: private:
  // CHECK-FIXES-NEXT: std::jthread worker_;
  // CHECK-FIXES-NEXT: };
};

void serve(const std::string &token) {
  auto keeper = std::make_unique<SessionKeeper>(token);
  keeper->start();
  Heartbeat beat(token);
  beat.start();
}

// ---- no fix, and the note says why

// A free function: no object can keep the thread.
void start_reaper() {
  std::thread([] {
    // CHECK-NOTES: :[[@LINE-1]]:3: warning: detached thread runs an endless loop that nothing can stop; use 'std::jthread' and end the loop when its 'std::stop_token' is requested [leak-uncancellable-thread]
    // CHECK-NOTES: :[[@LINE+2]]:5: note: endless loop: its condition is always true and nothing leaves it
    // CHECK-NOTES: :[[@LINE-3]]:3: note: no fix: a 'std::jthread' in this scope would be stopped at its end; keep the thread in a member 'std::jthread' instead of detaching it
    for (;;)
      ping("reaper");
  }).detach();
}

// A class that is copied: a std::jthread member cannot be.
class Pinger {
public:
  void start() {
    std::thread([] {
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: detached thread runs an endless loop that nothing can stop; use 'std::jthread' and end the loop when its 'std::stop_token' is requested [leak-uncancellable-thread]
      // CHECK-NOTES: :[[@LINE+2]]:7: note: endless loop: its condition is always true and nothing leaves it
      // CHECK-NOTES: :[[@LINE-3]]:5: note: no fix: 'Pinger' is copied, and a member that keeps the thread could not be; keep the thread in a 'std::jthread' member and stop copying the object
      for (;;)
        ping("peer");
    }).detach();
  }
};

Pinger copy_pinger(const Pinger &p) {
  Pinger copy = p;
  copy.start();
  return copy;
}

// A static member function has no object to keep the thread.
class Janitor {
public:
  static void start() {
    std::thread([] {
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: detached thread runs an endless loop that nothing can stop; use 'std::jthread' and end the loop when its 'std::stop_token' is requested [leak-uncancellable-thread]
      // CHECK-NOTES: :[[@LINE+2]]:7: note: endless loop: its condition is always true and nothing leaves it
      // CHECK-NOTES: :[[@LINE-3]]:5: note: no fix: a 'std::jthread' in this scope would be stopped at its end; keep the thread in a member 'std::jthread' instead of detaching it
      for (;;)
        ping("janitor");
    }).detach();
  }
};

// Started inside a lambda of a member function: the lambda may run after
// the object is gone, and more than once.
class Router {
public:
  void route() {
    auto handler = [] {
      std::thread([] {
        // CHECK-NOTES: :[[@LINE-1]]:7: warning: detached thread runs an endless loop that nothing can stop; use 'std::jthread' and end the loop when its 'std::stop_token' is requested [leak-uncancellable-thread]
        // CHECK-NOTES: :[[@LINE+2]]:9: note: endless loop: its condition is always true and nothing leaves it
        // CHECK-NOTES: :[[@LINE-3]]:7: note: no fix: a 'std::jthread' in this scope would be stopped at its end; keep the thread in a member 'std::jthread' instead of detaching it
        for (;;)
          ping("route");
      }).detach();
    };
    handler();
  }
};
