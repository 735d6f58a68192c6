// The owner fix of leak-unclosed-resource comes from the same rewriter as
// leak-missing-raii's: a handle lent to a call and released after it is
// read through `.get()`; a handle that a call may have kept gets no owner.
// RUN: %check_clang_tidy %s leak-unclosed-resource %t -- -- -std=c++17

#include <cstdio>

void log_to(FILE *out, const char *line);
void adopt(FILE *out);

void write_report(const char *path, bool bad) {
  FILE *f = std::fopen(path, "w");
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'f' from 'fopen' is not released on every path; wrap it in 'std::unique_ptr' with 'fclose' [leak-unclosed-resource]
  if (!f)
    return;
  if (bad)
    return;
  log_to(f, "start");
  std::fclose(f);
}
// CHECK-FIXES: void write_report(const char *path, bool bad) {
// CHECK-FIXES-NEXT:   std::unique_ptr<FILE, decltype(&std::fclose)> f(std::fopen(path, "w"), &std::fclose);
// CHECK-FIXES-NEXT:   if (!f)
// CHECK-FIXES-NEXT:     return;
// CHECK-FIXES-NEXT:   if (bad)
// CHECK-FIXES-NEXT:     return;
// CHECK-FIXES-NEXT:   log_to(f.get(), "start");
// CHECK-FIXES-NEXT: }

// adopt() may keep the stream on the path that returns right after it: an
// owner would close it under adopt's feet.
void hand_over(const char *path, bool keep, bool bad) {
  FILE *f = std::fopen(path, "w");
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'f' from 'fopen' is not released on every path; wrap it in 'std::unique_ptr' with 'fclose' [leak-unclosed-resource]
  if (!f)
    return;
  if (keep) {
    adopt(f);
    return;
  }
  if (bad)
    return;
  std::fclose(f);
}
// CHECK-FIXES: void hand_over(const char *path, bool keep, bool bad) {
// CHECK-FIXES-NEXT:   FILE *f = std::fopen(path, "w");
