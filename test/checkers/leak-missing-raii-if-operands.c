// C: each operand of an if's `&&` or `||` is decided by what the path
// already knows, as a whole condition is: after `if (s == 0)` failed,
// `if (s != 0 && p != NULL)` frees p. A status written by a call whose
// value is not known (a failure path that sets an error code) still decides
// the later test. The operands of a loop's condition are not decided so.
// RUN: %check_clang_tidy %s leak-missing-raii %t -- -- -std=c11

#include <stdlib.h>
#include <string.h>

struct job {
  char *name;
  int n;
};

int set_error(int code);
char *copy_name(const char *name);
int start(struct job *j);

// Freed on every failure; on success the job is handed to start().
int submit(int n, const char *name) {
  int s = 0;
  struct job *j = calloc(1, sizeof *j);
  if (j == NULL)
    s = set_error(5);
  else {
    j->name = copy_name(name);
    if (j->name == NULL)
      s = set_error(5);
  }
  if (s == 0) {
    j->n = n;
    s = start(j);
  }
  if ((s != 0) && (j != NULL)) {
    free(j->name);
    free(j);
  }
  return s;
}

// The same with `||`: `j`, read through, is not null.
int submit_or(int n, const char *name) {
  int s = 0;
  struct job *j = calloc(1, sizeof *j);
  if (j == NULL)
    return 5;
  j->name = copy_name(name);
  if (j->name == NULL)
    s = set_error(5);
  if (s == 0)
    s = start(j);
  if (s == 0 || j == NULL)
    return s;
  free(j->name);
  free(j);
  return s;
}

// Nested: `!(s == 0) && (verbose || j)`.
int submit_nested(int verbose, const char *name) {
  int s = 0;
  struct job *j = calloc(1, sizeof *j);
  if (j == NULL)
    return 5;
  j->name = copy_name(name);
  if (j->name == NULL)
    s = set_error(5);
  if (s == 0)
    s = start(j);
  if (!(s == 0) && (verbose || j)) {
    free(j->name);
    free(j);
  }
  return s;
}

// Still a leak: the second test is not the first one's opposite.
int submit_other(int n, const char *name) {
  int s = 0;
  struct job *j = calloc(1, sizeof *j);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'j' from 'calloc' is not freed on every path; free it on every path [leak-missing-raii]
  if (j == NULL)
    return 5;
  j->name = copy_name(name);
  if (j->name == NULL)
    s = set_error(5);
  if (s == 0)
    s = start(j);
  if (s < 0 && n > 0) {
    free(j->name);
    free(j);
  }
  return s;
}

// Still a leak: the status is written again between the two tests.
int submit_rewritten(int n, const char *name) {
  int s = 0;
  struct job *j = calloc(1, sizeof *j);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'j' from 'calloc' is not freed on every path; free it on every path [leak-missing-raii]
  if (j == NULL)
    return 5;
  j->name = copy_name(name);
  if (j->name == NULL)
    s = set_error(5);
  if (s == 0)
    s = start(j);
  else
    s = set_error(s);
  if (s != 0 && n > 0) {
    free(j->name);
    free(j);
  }
  return s;
}
