// A call that converts into an object the caller passes and returns it
// allocates nothing: BN_bin2bn(data, n, ret) with a non-null ret fills ret;
// only BN_bin2bn(data, n, NULL) hands out a new BIGNUM.
// RUN: %check_clang_tidy %s leak-unclosed-resource %t -- -- -std=c11

#include <openssl/bn.h>
#include <stddef.h>

int use(const BIGNUM *bn);

// A new BIGNUM, dropped.
void fresh_dropped(const unsigned char *data, int len) {
  BN_bin2bn(data, len, NULL);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the handle returned by 'BN_bin2bn' is discarded and never released [leak-unclosed-resource]
}

// A new BIGNUM, not freed on the early return.
int fresh_kept(const unsigned char *data, int len, int bad) {
  BIGNUM *bn = BN_bin2bn(data, len, NULL);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'bn' from 'BN_bin2bn' is not released on every path; release it with 'BN_free' on every path [leak-unclosed-resource]
  if (bad)
    return -1;
  int rc = use(bn);
  BN_free(bn);
  return rc;
}

// Converted into the caller's BIGNUM: the result is that same object.
#define bin2bn_into(data, len, dest)                                          \
  do {                                                                        \
    (*dest) = BN_new();                                                       \
    if ((*dest) != NULL)                                                      \
      BN_bin2bn(data, len, (*dest));                                          \
  } while (0)

BIGNUM *into_new(const unsigned char *data, int len) {
  BIGNUM *bn = NULL;
  bin2bn_into(data, len, &bn);
  return bn;
}

int into_existing(BIGNUM *out, const unsigned char *data, int len) {
  BN_bin2bn(data, len, out);
  return use(out);
}

void into_local(const unsigned char *data, int len) {
  BIGNUM *bn = BN_new();
  if (bn == NULL)
    return;
  BN_bin2bn(data, len, bn);
  use(bn);
  BN_free(bn);
}
