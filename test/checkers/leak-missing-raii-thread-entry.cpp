// An exception cannot leave a thread's entry function or a noexcept
// function to a handler: it calls std::terminate, so no path leaks "if an
// exception is thrown" there. A function whose exception its caller may
// catch keeps the finding.
// RUN: %check_clang_tidy %s leak-missing-raii %t -- -- -std=c++20

#include <future>
#include <stdexcept>
#include <thread>
#include <vector>

void write_block(const char *buf, int size); // May throw.

// The worker runs only as the body of the threads it is given to.
void run_workers(int n, int size) {
  auto task = [&](int id) {
    char *buf = new char[size];
    write_block(buf, size + id);
    delete[] buf;
  };
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back(std::thread(task, i));
  for (std::thread &t : threads)
    t.join();
}

// Constructed in place, and as a std::jthread's body written inline.
void run_in_place(int size) {
  auto task = [size] {
    char *buf = new char[size];
    write_block(buf, size);
    delete[] buf;
  };
  std::vector<std::thread> threads;
  threads.emplace_back(task);
  std::jthread j([size] {
    char *buf = new char[size];
    write_block(buf, size);
    delete[] buf;
  });
  threads.front().join();
}

// A noexcept function: an exception leaving it terminates the process.
void flush_block(int size) noexcept {
  char *buf = new char[size];
  write_block(buf, size);
  delete[] buf;
}

// Also called directly: the caller may catch what it throws.
void run_and_call(int size) {
  auto task = [size] {
    char *buf = new char[size];
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'buf' allocated with 'new[]' leaks if an exception is thrown before it is deleted; own it with 'std::unique_ptr' [leak-missing-raii]
    write_block(buf, size);
    delete[] buf;
  };
  std::thread t(task);
  t.join();
  try {
    task();
  } catch (const std::exception &) {
  }
}

// std::async keeps the exception in the future for whoever gets it.
int run_async(int size) {
  auto f = std::async(std::launch::async, [size] {
    char *buf = new char[size];
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'buf' allocated with 'new[]' leaks if an exception is thrown before it is deleted; own it with 'std::unique_ptr' [leak-missing-raii]
    write_block(buf, size);
    delete[] buf;
    return 0;
  });
  return f.get();
}

// A plain function: its callers may catch.
void write_one(int size) {
  char *buf = new char[size];
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'buf' allocated with 'new[]' leaks if an exception is thrown before it is deleted; own it with 'std::unique_ptr' [leak-missing-raii]
  write_block(buf, size);
  delete[] buf;
}
