// C: a pointer given to a `buf, size` parameter is a buffer the callee
// fills, unless the callee's body stores it, or a local that takes its
// value, through an out-parameter, in a member or in a global: then the
// callee may have handed it on, as a call that may keep it does.
// RUN: %check_clang_tidy %s leak-missing-raii %t -- -- -std=c11

#include <stdlib.h>
#include <string.h>

int next_id(char *buf, int len);

struct conn {
  const char *prefix;
  int prefix_len;
  char *last;
};

// Fills `buf` when it is large enough (a fresh block otherwise) and gives
// it back through `*result` on success.
int init_name(struct conn *c, char *buf, int size, char **result) {
  int needed = c->prefix_len + 23;
  char *name = buf;
  int s;
  if (needed > size) {
    name = malloc(needed);
    if (name == NULL)
      return 5;
  }
  memcpy(name, c->prefix, c->prefix_len);
  s = next_id(name + c->prefix_len, 23);
  if (s == 0)
    *result = name;
  else if (name != buf)
    free(name);
  return s;
}

// The caller frees it only when the callee failed.
int new_name(struct conn *c, char **result) {
  int len = c->prefix_len + 23;
  char *name = malloc(len);
  if (name == NULL)
    return 5;
  int s = init_name(c, name, len, result);
  if (s != 0)
    free(name);
  return s;
}

// Two local steps, then a member.
void remember(struct conn *c, char *buf, int size) {
  char *p = buf;
  char *q;
  q = p;
  if (size > 0)
    c->last = q;
}

void note(struct conn *c, int len) {
  char *text = malloc(len);
  if (text == NULL)
    return;
  remember(c, text, len);
}

// Only filled: the buffer stays the caller's.
int fill(char *buf, int size) {
  char *end = buf + size;
  char *p = buf;
  while (p < end)
    *p++ = 'x';
  return size;
}

int use_filled(int len) {
  char *text = malloc(len);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'text' from 'malloc' is not freed on every path; free it on every path [leak-missing-raii]
  if (text == NULL)
    return -1;
  if (fill(text, len) < 0)
    return -1;
  free(text);
  return 0;
}
