// A local flag with a constant value along a path: `bool ok = false;` set to
// true only where the handle is kept, and the handle released at the end
// under `if (!ok)`. The walk knows the flag's value on each path (its
// initializer, or the constant last assigned on the path) when nothing else
// writes it: no address taken, no increment, no other assignment that can
// reach the acquisition.
// RUN: %check_clang_tidy %s leak-unclosed-resource %t -- -- -std=c11

#include <stdbool.h>
#include <stdio.h>

int socket(int domain, int type, int protocol);
int bind(int fd, const void *addr, unsigned len);
int listen(int fd, int backlog);
int close(int fd);
int check_url(const char *url);

struct conn {
  int fd;
};

// Every failure reaches the final test with `success` still false.
bool open_listener(struct conn *c, const char *url, const void *addr) {
  int fd = -1;
  bool success = false;
  if (!check_url(url)) {
    return false;
  } else {
    if ((fd = socket(2, 1, 0)) == -1) {
      fputs("socket", stderr);
    } else if (bind(fd, addr, 16) != 0) {
      fputs("bind", stderr);
    } else if (listen(fd, 128) != 0) {
      fputs("listen", stderr);
    } else {
      c->fd = fd;
      success = true;
    }
  }
  if (success == false && fd != -1)
    close(fd);
  return success;
}

// The flag records the release; it is declared after the acquisition.
void close_once(const char *path, int early) {
  FILE *f = fopen(path, "r");
  if (!f)
    return;
  int closed = 0;
  if (early) {
    fclose(f);
    closed = 1;
  }
  if (!closed)
    fclose(f);
}

// The same with the flag declared before the acquisition.
int read_header(const char *path, char *line, int n) {
  int done = 0;
  FILE *f = fopen(path, "r");
  if (!f)
    return -1;
  if (fgets(line, n, f) == NULL) {
    fclose(f);
    done = 1;
  }
  if (done == 0)
    fclose(f);
  return 0;
}

// Written before the acquisition on some path: its value there is unknown.
void keep_maybe(const char *path, int keep) {
  int kept = 0;
  if (keep)
    kept = 1;
  FILE *f = fopen(path, "r");
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'f' from 'fopen' is not released on every path; release it with 'fclose' on every path [leak-unclosed-resource]
  if (!f)
    return;
  if (!kept)
    fclose(f);
}

// Assigned a value that is not a constant: unknown after it.
void close_if_unwritten(const char *path) {
  int ok = 0;
  FILE *f = fopen(path, "w");
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'f' from 'fopen' is not released on every path; release it with 'fclose' on every path [leak-unclosed-resource]
  if (!f)
    return;
  ok = fputs("x", f) >= 0;
  if (!ok)
    fclose(f);
}

// A later iteration meets the acquisition with the flag written by the one
// before: its value there is unknown.
void first_only(const char **paths, int n) {
  int first = 1;
  for (int i = 0; i < n; i++) {
    FILE *f = fopen(paths[i], "r");
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'f' from 'fopen' is not released on every path; release it with 'fclose' on every path [leak-unclosed-resource]
    if (!f)
      continue;
    if (first)
      fclose(f);
    first = 0;
  }
}

// Its address is taken: anything may write it.
void set_flag(int *flag);
void close_unless_flagged(const char *path) {
  int keep = 0;
  set_flag(&keep);
  FILE *f = fopen(path, "r");
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'f' from 'fopen' is not released on every path; release it with 'fclose' on every path [leak-unclosed-resource]
  if (!f)
    return;
  if (!keep)
    fclose(f);
}

// Through a macro the flag is the same variable.
#define FAILED(flag) ((flag) == false)
bool open_log(FILE **out, const char *path) {
  bool ok = false;
  FILE *f = fopen(path, "a");
  if (f != NULL && fputs("start\n", f) >= 0) {
    *out = f;
    ok = true;
  }
  if (FAILED(ok) && f != NULL)
    fclose(f);
  return ok;
}
