// A function of the file that releases its parameter on every path the
// call's constant arguments allow, and a fresh handle compared with another
// pointer variable that never received it.
// RUN: %check_clang_tidy %s leak-unclosed-resource %t -- -- -std=c11

#include <stddef.h>
#include <stdio.h>

struct addrinfo;
int getaddrinfo(const char *node, const char *service,
                const struct addrinfo *hints, struct addrinfo **res);
void freeaddrinfo(struct addrinfo *res);
int sort_results(const struct addrinfo *r);

// Releases `r` unless `n` says the lookup failed (then `r` is not a result).
static int adopt_results(const char *host, const struct addrinfo *r, int n) {
  if (host && (n < 0 || !r))
    goto bail;
  if (r) {
    int m = sort_results(r);
    freeaddrinfo((struct addrinfo *)r);
    if (m)
      goto bail;
  }
  return 0;
bail:
  return -1;
}

int lookup(const char *host) {
  struct addrinfo *r;
  int n = getaddrinfo(host, "80", NULL, &r);
  if (n)
    return -1;
  return adopt_results(host, r, 0);
}

// A status the call does not fix: the path that keeps `r` stays possible.
int lookup_with_status(const char *host, int status) {
  struct addrinfo *r;
  int n = getaddrinfo(host, "80", NULL, &r);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'r' from 'getaddrinfo' is not released on every path; release it with 'freeaddrinfo' on every path [leak-unclosed-resource]
  if (n)
    return -1;
  return adopt_results(host, r, status);
}

// `cert` differs from a handle opened after it: the release at the end is
// taken for `issuer` on every path that opened it.
FILE *open_default(void);
int copy_issuer(const char *path, int use_default) {
  FILE *cert = open_default();
  FILE *issuer = NULL;
  int ret = -1;
  if (!cert)
    return -1;
  if (!use_default) {
    issuer = fopen(path, "r");
    if (!issuer)
      goto bail;
  } else {
    issuer = cert;
  }
  if (fgetc(issuer) == EOF)
    goto bail;
  ret = 0;
bail:
  if (issuer && issuer != cert)
    fclose(issuer);
  fclose(cert);
  return ret;
}

// A pointer variable whose address is taken may hold anything.
void remember_slot(FILE **slot);
int close_unless_current(const char *path) {
  FILE *current = NULL;
  remember_slot(&current);
  FILE *fresh = fopen(path, "r");
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'fresh' from 'fopen' is not released on every path; release it with 'fclose' on every path [leak-unclosed-resource]
  if (!fresh)
    return -1;
  int c = fgetc(fresh);
  if (fresh && fresh != current)
    fclose(fresh);
  return c;
}
