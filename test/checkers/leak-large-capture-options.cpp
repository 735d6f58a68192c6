// SizeThreshold lowers the size that counts as large; HeapOwningTypes
// replaces the list of heap-owning classes (here: only std::vector and the
// project's own buffer); CallbackSinks adds a sink of the project.
// RUN: %check_clang_tidy %s leak-large-capture %t -- \
// RUN:   -config="{CheckOptions: {leak-large-capture.SizeThreshold: 64, leak-large-capture.HeapOwningTypes: 'std::vector;app::Buffer', CallbackSinks: 'app::Scheduler::every'}}" \
// RUN:   -- -std=c++17
// A threshold of zero and a bad sink are reported.
// RUN: %clang_tidy_plugin --checks='-*,leak-large-capture' %s \
// RUN:   -config="{CheckOptions: {leak-large-capture.SizeThreshold: 0, leak-large-capture.CallbackSinks: 'app::Scheduler::every;app::'}}" \
// RUN:   -- -std=c++17 2>&1 | FileCheck %s --check-prefix=BAD
// BAD-DAG: warning: option 'SizeThreshold' of check 'leak-large-capture' must be positive [clang-tidy-config]
// BAD-DAG: warning: invalid entry 'app::' in option 'CallbackSinks' of check 'leak-large-capture': expected a qualified function or class name [clang-tidy-config]

// CHECK-FIXES: #include <utility>
#include <functional>
#include <string>
#include <vector>

namespace app {
class Buffer {
public:
  explicit Buffer(unsigned size);

private:
  char *data_;
};
class Scheduler {
public:
  void every(int seconds, std::function<void()> job);
};
} // namespace app

struct Header {
  char name[100];
};
void send(const app::Buffer &);
void send(const Header &);
void send(const std::string &);

void schedule(app::Scheduler &scheduler) {
  app::Buffer buffer(1 << 20);
  scheduler.every(5, [buffer] { send(buffer); });
// CHECK-NOTES: :[[@LINE-1]]:23: warning: 'buffer' of type 'app::Buffer' (owns a heap buffer) is copied into a lambda that is registered with 'app::Scheduler::every'; move it into the capture [leak-large-capture]
  // CHECK-FIXES: scheduler.every(5, [buffer = std::move(buffer)] { send(buffer); });
  Header header{};
  scheduler.every(5, [header] { send(header); });
// CHECK-NOTES: :[[@LINE-1]]:23: warning: 'header' of type 'Header' (100 bytes) is copied into a lambda that is registered with 'app::Scheduler::every'; share it read-only through a 'std::shared_ptr<const T>' [leak-large-capture]
// (the shared fix leaves no note here)
  // Not in HeapOwningTypes any more, and small.
  std::string text = "ping";
  scheduler.every(5, [text] { send(text); });
}
