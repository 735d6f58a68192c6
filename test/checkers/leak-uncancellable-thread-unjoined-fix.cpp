// A thread member that no member function joins: destroying the object
// calls std::terminate. The fix joins it when the object goes: in C++20 a
// std::jthread when it is the last member (destroyed first, while what the
// thread uses still exists), otherwise a join first in the destructor (the
// class's own, or a new one).
// RUN: %check_clang_tidy -check-suffix=CXX20 %s leak-uncancellable-thread %t -- -- -std=c++20
// RUN: %check_clang_tidy -check-suffix=CXX17 %s leak-uncancellable-thread %t -- -- -std=c++17

#include <string>
#include <thread>
#include <vector>

void load(const std::string &path);

// The last member: a std::jthread in C++20.
class Loader {
public:
  void start(std::string path) {
    worker_ = std::thread([path] { load(path); });
    // CHECK-MESSAGES-CXX20: :[[@LINE-1]]:5: warning: thread member 'worker_' is started here but no member function of 'Loader' joins or detaches it; destroying a joinable thread calls 'std::terminate' [leak-uncancellable-thread]
    // CHECK-MESSAGES-CXX17: :[[@LINE-2]]:5: warning: thread member 'worker_' is started here but no member function of 'Loader' joins or detaches it; destroying a joinable thread calls 'std::terminate' [leak-uncancellable-thread]
  }
  // CHECK-FIXES-CXX20: worker_ = std::jthread([path] { load(path); });
  // CHECK-FIXES-CXX17: worker_ = std::thread([path] { load(path); });

private:
  std::thread worker_;
  // CHECK-FIXES-CXX20: std::jthread worker_;
  // CHECK-FIXES-CXX20-NEXT: };
  // CHECK-FIXES-CXX17: std::thread worker_;
  // CHECK-FIXES-CXX17-NEXT: public:
  // CHECK-FIXES-CXX17-NEXT: ~Loader() {
  // CHECK-FIXES-CXX17-NEXT: if (worker_.joinable())
  // CHECK-FIXES-CXX17-NEXT: worker_.join();
  // CHECK-FIXES-CXX17-NEXT: }
  // CHECK-FIXES-CXX17-NEXT: };
};

// Declared before a member the threads use, and a destructor of its own:
// the join goes first in it, in both standards.
class Prefetcher {
public:
  explicit Prefetcher(int n) {
    for (int i = 0; i < n; ++i)
      threads_.emplace_back([this] { load(root_); });
    // CHECK-MESSAGES-CXX20: :[[@LINE-1]]:7: warning: threads of member 'threads_' are started here but no member function of 'Prefetcher' joins or detaches them; destroying a joinable thread calls 'std::terminate' [leak-uncancellable-thread]
    // CHECK-MESSAGES-CXX17: :[[@LINE-2]]:7: warning: threads of member 'threads_' are started here but no member function of 'Prefetcher' joins or detaches them; destroying a joinable thread calls 'std::terminate' [leak-uncancellable-thread]
  }
  ~Prefetcher() { load("done"); }
  // CHECK-FIXES-CXX20: ~Prefetcher() {
  // CHECK-FIXES-CXX20-NEXT: for (auto &thread : threads_)
  // CHECK-FIXES-CXX20-NEXT: if (thread.joinable())
  // CHECK-FIXES-CXX20-NEXT: thread.join();
  // CHECK-FIXES-CXX20-NEXT: load("done"); }
  // CHECK-FIXES-CXX17: ~Prefetcher() {
  // CHECK-FIXES-CXX17-NEXT: for (auto &thread : threads_)
  // CHECK-FIXES-CXX17-NEXT: if (thread.joinable())
  // CHECK-FIXES-CXX17-NEXT: thread.join();
  // CHECK-FIXES-CXX17-NEXT: load("done"); }

private:
  std::vector<std::thread> threads_;
  std::string root_ = "/var/cache";
};
