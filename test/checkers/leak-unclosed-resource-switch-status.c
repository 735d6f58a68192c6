// A `switch` over the status an acquisition returns: the cases whose value
// means it failed hold nothing (PQgetCopyData hands out a row only when it
// returns a positive length).
// RUN: %check_clang_tidy %s leak-unclosed-resource %t -- -- -std=c11

#include <stddef.h>

typedef struct pg_conn PGconn;
int PQgetCopyData(PGconn *conn, char **buffer, int async);
void PQfreemem(void *ptr);
void consume(const char *row, int len);

// Every case without a row returns; the row is handed to the caller.
int next_row(PGconn *conn, char **out) {
  char *buf = NULL;
  int len = PQgetCopyData(conn, &buf, 0);
  switch (len) {
  case -2:
    return -2;
  case -1:
    return -1;
  case 0:
    return 0;
  default:
    *out = buf;
    return len;
  }
}

// The same with the row freed where it is used.
int print_row(PGconn *conn) {
  char *buf = NULL;
  int len = PQgetCopyData(conn, &buf, 0);
  switch (len) {
  case -1:
  case -2:
    return -1;
  case 0:
    return 0;
  }
  consume(buf, len);
  PQfreemem(buf);
  return len;
}

// A positive case is a row: returning there leaks it.
int first_byte(PGconn *conn) {
  char *buf = NULL;
  int len = PQgetCopyData(conn, &buf, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'buf' from 'PQgetCopyData' is not released on every path; release it with 'PQfreemem' on every path [leak-unclosed-resource]
  switch (len) {
  case -1:
    return -1;
  case 1:
    return 0;
  default:
    break;
  }
  int c = len > 0 ? buf[0] : -1;
  PQfreemem(buf);
  return c;
}
