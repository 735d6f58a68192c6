// One finding per resource when the three checks that follow manual
// ownership run together: a mutex is leak-manual-lock's, a handle left open
// on a path is leak-unclosed-resource's, a handle an exception can skip is
// leak-missing-raii's.
// RUN: %check_clang_tidy %s leak-missing-raii,leak-unclosed-resource,leak-manual-lock %t -- -- -std=c++17

#include <cstdio>
#include <mutex>
#include <string>

void parse(const std::string &text); // may throw
std::mutex mu;

void locked(const std::string &text) {
  mu.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'mu' locked by 'lock' stays locked if an exception is thrown; hold it with 'std::scoped_lock' [leak-manual-lock]
  parse(text);
  mu.unlock();
}

std::string path_leak(const char *name, const std::string &text) {
  FILE *f = std::fopen(name, "r");
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'f' from 'fopen' is not released on every path; wrap it in 'std::unique_ptr' with 'fclose' [leak-unclosed-resource]
  if (!f)
    return {};
  if (text.empty())
    return text;
  parse(text);
  std::fclose(f);
  return text;
}

std::string exception_leak(const char *name, const std::string &text) {
  FILE *f = std::fopen(name, "r");
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'f' from 'fopen' leaks if an exception is thrown before it is released with 'fclose'; own it with 'std::unique_ptr' and 'fclose' [leak-missing-raii]
  if (!f)
    return {};
  parse(text);
  std::fclose(f);
  return text;
}
