// The ownership engine's rules as leak-unclosed-resource sees them, in C:
// what the C library does with a handle it is given, and what functions of
// the file do with one.
// RUN: %check_clang_tidy %s leak-unclosed-resource %t -- -- -D_GNU_SOURCE

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

// The C library uses a typed handle it is given (setlinebuf, which no model lists): the early
// return still leaks it.
int write_header(const char *path, int bad) {
  FILE *f = fopen(path, "w");
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'f' from 'fopen' is not released on every path; release it with 'fclose' on every path [leak-unclosed-resource]
  if (!f)
    return -1;
  setlinebuf(f);
  fputs("header\n", f);
  if (bad)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'f' leaks when returning here
  fclose(f);
  return 0;
}

// A descriptor is a number any API may adopt: fdopen's FILE owns it now.
FILE *open_stream(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return NULL;
  FILE *f = fdopen(fd, "r");
  return f;
}

// A function of the file that releases its parameter on every path.
static void dispose(FILE *f) {
  if (f)
    fclose(f);
}
// One that only looks at it.
static int is_open(FILE *f) { return f != NULL; }

int copy_line(const char *path, char *out, int n) {
  FILE *f = fopen(path, "r");
  if (!f)
    return -1;
  int ok = is_open(f) && fgets(out, n, f) != NULL;
  dispose(f);
  return ok;
}

int first_byte(const char *path, int strict) {
  FILE *f = fopen(path, "r");
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'f' from 'fopen' is not released on every path; release it with 'fclose' on every path [leak-unclosed-resource]
  if (!f)
    return -1;
  int c = is_open(f) ? fgetc(f) : -1;
  if (strict && c < 0)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'f' leaks when returning here
  dispose(f);
  return c;
}
