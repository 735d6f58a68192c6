// Threads owned through raw pointers: `new std::thread(...)` kept in a
// member pointer, an array or a container of pointers.
// RUN: %check_clang_tidy %s leak-uncancellable-thread %t -- -- -std=c++17

#include <thread>
#include <vector>

void work();

// An array filled in one member function; nothing joins or deletes them.
class ArrayPool {
public:
  void start() {
    for (int i = 0; i < 4; ++i)
      threads_[i] = new std::thread([] { work(); });
      // CHECK-NOTES: :[[@LINE-1]]:7: warning: threads of member 'threads_' are started here with 'new' but no member function of 'ArrayPool' joins or deletes them; they are never joined and their 'std::thread' objects are never freed [leak-uncancellable-thread]
      // CHECK-NOTES: :[[@LINE+4]]:16: note: 'threads_' declared here
  }

private:
  std::thread *threads_[4];
};

// A container of pointers.
class VectorPool {
public:
  void start(int n) {
    for (int i = 0; i < n; ++i)
      threads_.push_back(new std::thread(work));
      // CHECK-NOTES: :[[@LINE-1]]:7: warning: threads of member 'threads_' are started here with 'new' but no member function of 'VectorPool' joins or deletes them; they are never joined and their 'std::thread' objects are never freed [leak-uncancellable-thread]
      // CHECK-NOTES: :[[@LINE+4]]:30: note: 'threads_' declared here
  }

private:
  std::vector<std::thread *> threads_;
};

// One pointer.
class Single {
public:
  Single() { thread_ = new std::thread(work); }
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: thread member 'thread_' is started here with 'new' but no member function of 'Single' joins or deletes it; it is never joined and its 'std::thread' object is never freed [leak-uncancellable-thread]
  // CHECK-NOTES: :[[@LINE+3]]:16: note: 'thread_' declared here

private:
  std::thread *thread_;
};

// An endless body through the object: one finding, the endless loop.
class EndlessPool {
public:
  void start() {
    for (int i = 0; i < 2; ++i)
      threads_[i] = new std::thread([this] { run(); });
      // CHECK-NOTES: :[[@LINE-1]]:25: warning: thread runs an endless loop that nothing can stop; give the loop a 'std::atomic<bool>' stop flag and join the thread on shutdown [leak-uncancellable-thread]
      // CHECK-NOTES: :[[@LINE+7]]:5: note: endless loop: its condition is always true and nothing leaves it
      // CHECK-NOTES: :[[@LINE-7]]:7: note: 'EndlessPool' has no destructor that stops, wakes or joins the threads of 'threads_'; they outlive the object and keep using its members
      // CHECK-NOTES: :[[@LINE+5]]:5: note: before C++20: declare 'std::atomic<bool> stop{false}', loop while '!stop', and on shutdown set 'stop = true' and join the thread
  }

private:
  void run() {
    for (;;)
      work();
  }
  std::thread *threads_[2];
};

// ---- Negatives

// Joined and deleted in a stop() that the destructor calls.
class StoppedPool {
public:
  void start() {
    for (int i = 0; i < 4; ++i)
      threads_[i] = new std::thread(work);
  }
  void stop() {
    for (std::thread *t : threads_) {
      t->join();
      delete t;
    }
  }
  ~StoppedPool() { stop(); }

private:
  std::thread *threads_[4];
};

// Deleted (and joined) through an index loop.
class IndexedPool {
public:
  void start(int n) {
    for (int i = 0; i < n; ++i)
      threads_.push_back(new std::thread(work));
  }
  ~IndexedPool() {
    for (size_t i = 0; i < threads_.size(); ++i) {
      threads_[i]->join();
      delete threads_[i];
    }
  }

private:
  std::vector<std::thread *> threads_;
};

// A pointer to a thread made elsewhere: not owned here.
class Borrowed {
public:
  void watch(std::thread *t) { thread_ = t; }

private:
  std::thread *thread_;
};
