// Every check that adds a header puts it outside the file's #if blocks: the
// last standard include of this file is inside '#ifdef HAVE_SSL' (a real
// fix put '#include <memory>' inside '#ifdef OpenSSL_FOUND'), and the fixed
// file must compile with and without HAVE_SSL.
// RUN: %check_clang_tidy %s leak-manual-lock,leak-missing-raii,leak-unclosed-resource,leak-unbounded-cache,leak-uncancellable-thread,leak-large-capture,leak-self-capture-cycle %t -- \
// RUN:   -config="{CheckOptions: {leak-manual-lock.MutexTypes: 'app::SpinLock'}}" \
// RUN:   -- -std=c++17 -DHAVE_SSL -I %S/Inputs -I %leakguard_src/include
// RUN: %clang -fsyntax-only -std=c++17 -I %S/Inputs -I %leakguard_src/include %t.cpp
// RUN: %clang -fsyntax-only -std=c++17 -DHAVE_SSL -I %S/Inputs -I %leakguard_src/include %t.cpp

#include "conditional-includes-service.h"
#ifdef HAVE_SSL
#include <cstddef>
#endif
// Each new include goes after the project header, above the block.
// CHECK-FIXES: #include "conditional-includes-service.h"
// CHECK-FIXES-DAG: #include <mutex>
// CHECK-FIXES-DAG: #include <memory>
// CHECK-FIXES-DAG: #include <leakguard/ttl_cache.h>
// CHECK-FIXES-DAG: #include <atomic>
// CHECK-FIXES-DAG: #include <utility>
// CHECK-FIXES: #ifdef HAVE_SSL
// CHECK-FIXES-NEXT: #include <cstddef>
// CHECK-FIXES-NEXT: #endif

namespace app {
struct SpinLock {
  void lock();
  void unlock();
};
} // namespace app

bool ready();
void work();
void flush();

app::SpinLock spin;
int locked_work() {
  spin.lock();
// CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'spin' locked by 'lock' is not unlocked on every path; hold it with 'std::scoped_lock' [leak-manual-lock]
// CHECK-FIXES: std::scoped_lock lock(spin);
  if (!ready())
    return 1;
  work();
  spin.unlock();
  return 0;
}

int heap_work() {
  int *n = new int(1);
// CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'n' allocated with 'new' is not deleted on every path; own it with 'std::unique_ptr' [leak-missing-raii]
// CHECK-FIXES: auto n = std::make_unique<int>(1);
  if (!ready())
    return 1;
  delete n;
  return 0;
}

int file_work() {
  FILE *f = std::fopen("/tmp/x", "r");
// CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'f' from 'fopen' is not released on every path; wrap it in 'std::unique_ptr' with 'fclose' [leak-unclosed-resource]
// CHECK-FIXES: std::unique_ptr<FILE, decltype(&std::fclose)> f(std::fopen("/tmp/x", "r"), &std::fclose);
  if (!f)
    return 1;
  if (!ready())
    return 2;
  std::fclose(f);
  return 0;
}

std::unordered_map<std::string, int> hits;
// CHECK-MESSAGES: :[[@LINE-1]]:38: warning: 'hits' grows without bound on caller data: entries keyed by the parameter 'path' are added but never removed; use a bounded cache such as 'leakguard::ttl_cache' [leak-unbounded-cache]
// CHECK-FIXES: leakguard::ttl_cache<std::string, int> hits{10000};
void count(const std::string &path) { hits[path]++; }

class Flusher {
public:
  Flusher()
      : worker_([] {
// CHECK-MESSAGES: :[[@LINE-1]]:9: warning: thread runs an endless loop that nothing can stop; give the loop a 'std::atomic<bool>' stop flag and join the thread on shutdown [leak-uncancellable-thread]
          while (true) {
            flush();
            std::this_thread::sleep_for(std::chrono::seconds(10));
          }
        }) {}
  ~Flusher() { worker_.join(); }

private:
  std::thread worker_;
// CHECK-FIXES: std::atomic<bool> stop_{false};
};

std::vector<std::function<void()>> handlers;
void add_handler() {
  std::vector<std::string> words(1000, "word");
  handlers.push_back([words] { (void)words.size(); });
// CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'words' of type 'std::vector<std::string>' (owns a heap buffer) is copied into a lambda that is stored in the global 'handlers'; move it into the capture [leak-large-capture]
}

class Session : public std::enable_shared_from_this<Session> {
public:
  void arm() {
    auto self = shared_from_this();
    on_timeout_ = [self] { self->close(); };
// CHECK-MESSAGES: :[[@LINE-1]]:20: warning: lambda stored in member 'on_timeout_' captures 'self', a 'std::shared_ptr' to its own 'Session': the object and the lambda keep each other alive and are never freed; capture a 'std::weak_ptr' and lock it in the body [leak-self-capture-cycle]
  }
  void close() { open_ = false; }

private:
  std::function<void()> on_timeout_;
  bool open_ = true;
};
