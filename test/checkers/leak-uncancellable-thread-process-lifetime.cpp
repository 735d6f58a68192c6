// A detached thread of an object that lives until the process ends is
// there by design: a remark, which ReportProcessLifetimeThreads switches
// off.
// RUN: %check_clang_tidy %s leak-uncancellable-thread %t -- -- -std=c++17
// RUN: %check_clang_tidy -check-suffix=OFF %s leak-uncancellable-thread %t -- \
// RUN:   -config="{CheckOptions: {leak-uncancellable-thread.ReportProcessLifetimeThreads: false}}" -- -std=c++17

#include <cstdio>
#include <cstdlib>
#include <thread>

void work();

// The default environment of a storage library: its destructor aborts.
class DefaultEnv {
public:
  ~DefaultEnv() {
    std::fputs("singleton destroyed: unsupported\n", stderr);
    std::abort();
  }
  void schedule() {
    if (!started_) {
      started_ = true;
      std::thread background(&DefaultEnv::run, this);
      // CHECK-NOTES: :[[@LINE-1]]:19: remark: detached thread runs an endless loop that nothing can stop; give the loop a 'std::atomic<bool>' stop flag and join the thread on shutdown [leak-uncancellable-thread]
      // CHECK-NOTES: :[[@LINE+10]]:5: note: endless loop: its condition is always true and nothing leaves it
      // CHECK-NOTES: :[[@LINE-12]]:7: note: 'DefaultEnv' is never destroyed (its destructor is deleted or ends the program), so the thread lasts as long as the process by design; 'ReportProcessLifetimeThreads: false' leaves these out
      // CHECK-NOTES: :[[@LINE+2]]:7: note: the thread is detached here
      // CHECK-NOTES: :[[@LINE+7]]:5: note: before C++20: declare 'std::atomic<bool> stop{false}', loop while '!stop', and on shutdown set 'stop = true' and join the thread
      background.detach();
    }
  }

private:
  void run() {
    while (true)
      work();
  }
  bool started_ = false;
};

// An ordinary object: a warning, with or without the option.
class Service {
public:
  void start() {
    std::thread background(&Service::run, this);
    // CHECK-NOTES: :[[@LINE-1]]:17: warning: detached thread runs an endless loop that nothing can stop; give the loop a 'std::atomic<bool>' stop flag and join the thread on shutdown [leak-uncancellable-thread]
    // CHECK-NOTES: :[[@LINE+9]]:5: note: endless loop: its condition is always true and nothing leaves it
    // CHECK-NOTES: :[[@LINE+2]]:5: note: the thread is detached here
    // CHECK-NOTES: :[[@LINE+7]]:5: note: before C++20: declare 'std::atomic<bool> stop{false}', loop while '!stop', and on shutdown set 'stop = true' and join the thread
    background.detach();
    // CHECK-MESSAGES-OFF: :[[@LINE-6]]:17: warning: detached thread runs an endless loop that nothing can stop; give the loop a 'std::atomic<bool>' stop flag and join the thread on shutdown [leak-uncancellable-thread]
  }

private:
  void run() {
    while (true)
      work();
  }
};
