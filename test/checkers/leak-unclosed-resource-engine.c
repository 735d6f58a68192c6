// The ownership engine's rules as leak-unclosed-resource sees them, in C:
// what the C library does with a handle it is given, and what functions of
// the file do with one.
// RUN: %check_clang_tidy %s leak-unclosed-resource %t -- -- -D_GNU_SOURCE \
// RUN:   -isystem %S/Inputs/unclosed-resource-system

#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#include <eventlib.h>

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

// A function of the handle's type from another library (a system header
// other than the acquirer's) may release or keep it: libevent's
// evutil_freeaddrinfo frees what getaddrinfo returned.
int count_addresses(const char *host) {
  struct addrinfo *answer = NULL;
  if (getaddrinfo(host, NULL, NULL, &answer) != 0)
    return -1;
  int n = 0;
  for (struct addrinfo *rp = answer; rp != NULL; rp = rp->ai_next) {
    if (rp->ai_addr == NULL)
      continue;
    ++n;
  }
  evlib_freeaddrinfo(answer);
  return n;
}

// One that takes it as a pointer to const only reads it; and a stream is
// not an addrinfo: the early return still leaks.
int count_and_log(const char *host, int quiet) {
  struct addrinfo *answer = NULL;
  if (getaddrinfo(host, NULL, NULL, &answer) != 0)
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'answer' from 'getaddrinfo' is not released on every path; release it with 'freeaddrinfo' on every path [leak-unclosed-resource]
    return -1;
  int n = evlib_addrinfo_count(answer);
  evlib_log_line(stderr, "resolved");
  if (quiet)
    return n;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'answer' leaks when returning here
  freeaddrinfo(answer);
  return n;
}

// A pointer the path has read through is not null: the loop leaves by
// 'break' only with a connected socket and res pointing at its address, so
// 'if (res == NULL)' after the loop is only taken when every socket was
// closed (tinyproxy's opensock).
int connect_first(struct addrinfo *list) {
  struct addrinfo *res = list;
  int fd = -1;
  do {
    fd = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
    if (fd < 0)
      continue;
    if (connect(fd, res->ai_addr, res->ai_addrlen) == 0)
      break;
    close(fd);
  } while ((res = res->ai_next) != NULL);
  if (res == NULL)
    return -1;
  return fd;
}

// Reassigned after the read, it may be null again: the null branch leaks.
int connect_next(struct addrinfo *res) {
  int fd = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'fd' from 'socket' is not released on every path; release it with 'close' on every path [leak-unclosed-resource]
  if (fd < 0)
    return -1;
  if (connect(fd, res->ai_addr, res->ai_addrlen) != 0)
    res = res->ai_next;
  if (!res)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'fd' leaks when returning here
  return fd;
}

// getaddrinfo made a list only when it returned 0: a result equal to any
// other constant (EAI_AGAIN, not only -1) means nothing is held. Retrying
// while it says EAI_AGAIN loses nothing (mariadb-connector-c's
// pvio_socket_connect).
int resolve_retrying(const char *host, int tries) {
  struct addrinfo *res = NULL;
  int rc;
  while ((rc = getaddrinfo(host, "80", NULL, &res)) == EAI_AGAIN) {
    if (--tries == 0)
      break;
  }
  if (rc != 0 || !res)
    return -1;
  int family = res->ai_family;
  freeaddrinfo(res);
  return family;
}

// The branch where the result is not EAI_AGAIN may hold the list (an early
// return there leaks); the one where it is holds nothing.
int resolve_once(const char *host, int strict) {
  struct addrinfo *res = NULL;
  if (getaddrinfo(host, "80", NULL, &res) != EAI_AGAIN) {
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'res' from 'getaddrinfo' is not released on every path; release it with 'freeaddrinfo' on every path [leak-unclosed-resource]
    if (strict)
      return -1;
  // CHECK-NOTES: :[[@LINE-1]]:7: note: 'res' leaks when returning here
    freeaddrinfo(res);
    return 0;
  }
  return -2;
}

// Past 'EAI_AGAIN' the call may have succeeded: the early return leaks.
int resolve_strict(const char *host, int strict) {
  struct addrinfo *res = NULL;
  if (getaddrinfo(host, "80", NULL, &res) == EAI_AGAIN)
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'res' from 'getaddrinfo' is not released on every path; release it with 'freeaddrinfo' on every path [leak-unclosed-resource]
    return -2;
  if (strict)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'res' leaks when returning here
  if (res)
    freeaddrinfo(res);
  return 0;
}
