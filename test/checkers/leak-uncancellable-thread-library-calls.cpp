// Library calls in a loop are not ways out of it: std::mutex::lock() and
// std::vector::at() report failures through noreturn functions inside the
// library (libstdc++'s __throw_system_error, __throw_out_of_range_fmt).
// RUN: %check_clang_tidy %s leak-uncancellable-thread %t -- -- -std=c++17

#include <mutex>
#include <thread>
#include <vector>

void work();
std::mutex mu;
std::vector<int> values;
[[noreturn]] void fatal(const char *why);
void check_or_throw(int v) {
  if (v < 0)
    throw v;
}

void detached_locking_loop() {
  std::thread([] {
    // CHECK-NOTES: :[[@LINE-1]]:3: warning: detached thread runs an endless loop that nothing can stop; give the loop a 'std::atomic<bool>' stop flag and join the thread on shutdown [leak-uncancellable-thread]
    while (true) {
      // CHECK-NOTES: :[[@LINE-1]]:5: note: endless loop: its condition is always true and nothing leaves it
      // CHECK-NOTES: :[[@LINE-2]]:5: note: before C++20: declare 'std::atomic<bool> stop{false}', loop while '!stop', and on shutdown set 'stop = true' and join the thread
      mu.lock();
      work();
      mu.unlock();
    }
  }).detach();
}

void detached_indexing_loop() {
  std::thread([] {
    // CHECK-NOTES: :[[@LINE-1]]:3: warning: detached thread runs an endless loop{{.*}}
    for (;;)
      // CHECK-NOTES: :[[@LINE-1]]:5: note: endless loop{{.*}}
      // CHECK-NOTES: :[[@LINE-2]]:5: note: before C++20{{.*}}
      work(), (void)values.at(0);
  }).detach();
}

// ---- Negatives: the user's own ways out

// A noreturn function of the user's (it may throw or end the thread).
void detached_with_fatal() {
  std::thread([] {
    while (true) {
      mu.lock();
      if (values.empty())
        fatal("no values");
      mu.unlock();
    }
  }).detach();
}

// A function of the user's that throws.
void detached_with_throwing_helper() {
  std::thread([] {
    for (;;) {
      std::lock_guard<std::mutex> lock(mu);
      check_or_throw(values.at(0));
    }
  }).detach();
}
