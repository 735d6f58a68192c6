// Bounds of one status variable decide each other on a path: after
// `if (rc < 0) goto error;` took its branch, `rc != 0` holds at `error:`.
// A status written anew forgets what its old value told.
// RUN: %check_clang_tidy %s leak-missing-raii %t -- -- -std=c11

#include <stdlib.h>

struct keys {
  char *iv;
  char *key;
};

int derive(char *out, size_t len);

// Freed at the label when rc is not zero; every jump there has rc < 0 or
// rc == -1; success hands both to the caller's struct.
int make_keys(struct keys *k) {
  int rc = -1;
  char *iv = malloc(16);
  char *key = malloc(32);
  if (iv == NULL || key == NULL)
    goto error;
  rc = derive(iv, 16);
  if (rc < 0)
    goto error;
  rc = derive(key, 32);
  if (rc < 0)
    goto error;
  k->iv = iv;
  k->key = key;
  rc = 0;
error:
  if (rc != 0) {
    free(iv);
    free(key);
  }
  return rc;
}

// The cleanup tests a bound the jumps do not decide: rc may be -1 there.
int make_iv(struct keys *k) {
  int rc = -1;
  char *iv = malloc(16);
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'iv' from 'malloc' is not freed on every path; free it on every path [leak-missing-raii]
  if (iv == NULL)
    goto error;
  rc = derive(iv, 16);
  if (rc < 0)
    goto error;
  k->iv = iv;
  rc = 0;
error:
  if (rc < -1)
    free(iv);
  return rc;
}

// The second status is another value: its failure returns with iv held.
int derive_twice(struct keys *k) {
  char *iv = malloc(16);
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'iv' from 'malloc' is not freed on every path; free it on every path [leak-missing-raii]
  if (iv == NULL)
    return -1;
  int rc = derive(iv, 16);
  if (rc < 0) {
    free(iv);
    return rc;
  }
  rc = derive(iv, 8);
  if (rc < 0)
    return rc;
  k->iv = iv;
  return 0;
}
