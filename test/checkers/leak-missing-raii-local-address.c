// C: a pointer that holds either the address of a local object or a block
// from the malloc family, freed under a test that it is not the local one.
// The branch where it equals the local's address holds no block.
// RUN: %check_clang_tidy %s leak-missing-raii %t -- -- -std=c11

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void send_text(const char *text, size_t len);

// The text in a stack buffer, or in a block when it does not fit.
int send_formatted(const char *fmt, ...) {
  char buffer[64];
  char *out = buffer;
  va_list va;
  va_start(va, fmt);
  int n = vsnprintf(buffer, sizeof buffer, fmt, va);
  va_end(va);
  if (n < 0)
    return -1;
  if ((size_t)n >= sizeof buffer) {
    out = (char *)malloc((size_t)n + 1);
    if (out == NULL)
      return -1;
    va_start(va, fmt);
    vsnprintf(out, (size_t)n + 1, fmt, va);
    va_end(va);
  }
  send_text(out, (size_t)n);
  if (out != buffer)
    free(out);
  return 0;
}

// The same test written the other way round, against an element's address.
void copy_out(const char *text, size_t len) {
  char small[32];
  char *copy = small;
  if (len >= sizeof small)
    copy = (char *)malloc(len + 1);
  if (!copy)
    return;
  memcpy(copy, text, len);
  copy[len] = 0;
  send_text(copy, len);
  if (copy == &small[0])
    return;
  free(copy);
}

struct item {
  int id;
  char name[16];
};

void show(const struct item *it);

// A local struct as the fallback, `&fallback`.
void show_item(int id, int fresh) {
  struct item fallback = {0};
  struct item *it = &fallback;
  if (fresh) {
    it = (struct item *)calloc(1, sizeof *it);
    if (!it)
      return;
  }
  it->id = id;
  show(it);
  if (it != &fallback)
    free(it);
}

// Still a leak: the error return before the guarded free.
int send_checked(const char *text, size_t len) {
  char buffer[64];
  char *out = buffer;
  if (len >= sizeof buffer)
    out = (char *)malloc(len + 1);
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: 'out' from 'malloc' is not freed on every path; free it on every path [leak-missing-raii]
  if (!out)
    return -1;
  memcpy(out, text, len);
  if (out[0] == '#')
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'out' leaks when returning here
  send_text(out, len);
  if (out != buffer)
    free(out);
  return 0;
}

// Still a leak: the free is on the branch where the pointer is the buffer,
// which never holds the block.
void freed_on_the_wrong_branch(const char *text, size_t len) {
  char buffer[64];
  char *out = buffer;
  if (len >= sizeof buffer)
    out = (char *)malloc(len + 1);
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: 'out' from 'malloc' is never freed; free it on every path [leak-missing-raii]
  if (!out)
    return;
  memcpy(out, text, len);
  send_text(out, len);
  if (out == buffer)
    free(out);
}
