// Before C++20: a local thread whose lambda loops forever gets a local
// std::atomic<bool> stop flag, declared before it, that the lambda holds by
// reference and the loop tests; every join is preceded by setting it.
// RUN: %check_clang_tidy -std=c++14,c++17 %s leak-uncancellable-thread %t

#include <thread>

bool poll_once();
void work(int shard);

// CHECK-FIXES: #include <atomic>

void run_poller() {
  std::thread poller([] {
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread runs an endless loop that nothing can stop; give the loop a 'std::atomic<bool>' stop flag and join the thread on shutdown [leak-uncancellable-thread]
    while (true)
      poll_once();
  });
  poller.join();
}
// CHECK-FIXES: std::atomic<bool> stop{false};
// CHECK-FIXES-NEXT: std::thread poller([&stop] {
// CHECK-FIXES-NEXT: while (!stop)
// CHECK-FIXES-NEXT: poll_once();
// CHECK-FIXES-NEXT: });
// CHECK-FIXES-NEXT: stop = true;
// CHECK-FIXES-NEXT: poller.join();

class Shard {
public:
  void serve() {
    std::thread worker([this, shard = id_] {
      // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: thread runs an endless loop that nothing can stop; give the loop a 'std::atomic<bool>' stop flag and join the thread on shutdown [leak-uncancellable-thread]
      for (;;)
        work(shard + id_);
    });
    if (worker.joinable())
      worker.join();
  }
  // CHECK-FIXES: std::atomic<bool> stop{false};
  // CHECK-FIXES-NEXT: std::thread worker([this, shard = id_, &stop] {
  // CHECK-FIXES-NEXT: for (; !stop;)
  // CHECK-FIXES: if (worker.joinable())
  // CHECK-FIXES-NEXT: { stop = true; worker.join(); }

private:
  int id_ = 0;
};

// A lambda that captures everything by reference reads the flag as it is;
// 'stop' is taken.
void drain(int stop) {
  std::thread t([&] {
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread runs an endless loop that nothing can stop; give the loop a 'std::atomic<bool>' stop flag and join the thread on shutdown [leak-uncancellable-thread]
    for (;;)
      work(stop);
  });
  t.join();
}
// CHECK-FIXES: std::atomic<bool> stopping{false};
// CHECK-FIXES-NEXT: std::thread t([&] {
// CHECK-FIXES-NEXT: for (; !stopping;)
// CHECK-FIXES: stopping = true;
// CHECK-FIXES-NEXT: t.join();

// No fix: the thread is never joined (it is also left joinable).
void forget() {
  std::thread t([] {
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread runs an endless loop that nothing can stop; give the loop a 'std::atomic<bool>' stop flag and join the thread on shutdown [leak-uncancellable-thread]
    for (;;)
      poll_once();
  });
}
// CHECK-FIXES: void forget() {
// CHECK-FIXES-NEXT: std::thread t([] {
