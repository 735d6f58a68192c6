// A release whose argument chooses between the handle and another object
// (`X509_STORE_free(ok ? old : fresh)`): the analysis cannot tell which one
// goes on the path, and stays quiet. The handle alone is still followed.
// RUN: %check_clang_tidy %s leak-unclosed-resource %t -- -- -std=c11

#include <stdio.h>

struct config {
  FILE *log;
};

int reopen_log(struct config *c, const char *path, int keep_old) {
  FILE *fresh = fopen(path, "a");
  if (!fresh)
    return 0;
  FILE *old = c->log;
  int ok = fputs("reopened\n", fresh) >= 0 && !keep_old;
  if (ok)
    c->log = fresh;
  // The one not kept is closed.
  fclose(ok ? old : fresh);
  return ok;
}

int pick_and_close(const char *a, const char *b, int first) {
  FILE *fa = fopen(a, "r");
  if (!fa)
    return -1;
  FILE *fb = fopen(b, "r");
  if (!fb) {
    fclose(fa);
    return -1;
  }
  int c = fgetc(first ? fa : fb);
  fclose(first ? fa : fb);
  fclose(first ? fb : fa);
  return c;
}

// Still a leak: the other path returns before any release.
int reopen_checked(struct config *c, const char *path) {
  FILE *fresh = fopen(path, "a");
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'fresh' from 'fopen' is not released on every path; release it with 'fclose' on every path [leak-unclosed-resource]
  if (!fresh)
    return 0;
  if (fputs("reopened\n", fresh) < 0)
    return 0;
  FILE *old = c->log;
  c->log = fresh;
  fclose(old ? old : fresh);
  return 1;
}
