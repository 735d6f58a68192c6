// A local counter keeps its known value through `++`, `--`, `+=` and `-=`
// a constant: a counted loop that allocates only on its first pass does not
// acquire again on the second (`for (i = 0; i < 2; ++i) { if (i == 0) ... }`,
// the size measured on the first pass, written on the second).
// RUN: %check_clang_tidy %s leak-missing-raii %t -- -- -std=c11

#include <stdio.h>
#include <stdlib.h>

int send_all(const char *buf, int len);

// The first pass measures and allocates; the second formats into it.
int send_request(const char *topic, int port) {
  char *buf = NULL;
  int i, len = 0;
  for (i = 0; i < 2; ++i) {
    len = snprintf(buf, (size_t)len, "GET %s:%d\r\n", topic, port);
    if (i == 0 && len > 0) {
      ++len;
      if ((buf = malloc(len)) == NULL)
        return -1;
    }
  }
  if (!buf)
    return -1;
  send_all(buf, len);
  free(buf);
  return 0;
}

// Counting down by two, and a counter assigned anew: still one allocation.
int fill_twice(int n) {
  char *buf = NULL;
  int k;
  for (k = 4; k > 0; k -= 2) {
    if (k == 4)
      buf = malloc(n);
    if (!buf)
      return -1;
    buf[0] = (char)k;
  }
  int j = 3;
  j--;
  j += 5;
  if (j == 7)
    free(buf);
  return 0;
}

// Every pass allocates: the second leaks the first block.
int leak_each_pass(int n) {
  char *buf = NULL;
  int i;
  for (i = 0; i < 2; ++i) {
    if (i >= 0)
      buf = malloc(n);
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'buf' from 'malloc' is not freed on every path; free it on every path [leak-missing-raii]
    if (!buf)
      return -1;
  }
  free(buf);
  return 0;
}

// A counter that an unknown call may change is not followed.
void bump(int *count);
int unknown_counter(int n) {
  char *buf = NULL;
  int i;
  for (i = 0; i < 2; ++i) {
    if (i == 0)
      buf = malloc(n);
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'buf' from 'malloc' is not freed on every path; free it on every path [leak-missing-raii]
    bump(&i);
  }
  free(buf);
  return 0;
}
