// C++: a handle or status held by a variable initialized with braces
// (`FILE *f{fopen(...)}`, `auto const n{PQgetCopyData(...)}`) is the same
// as one initialized with `=`: followed, and its failure values read.
// RUN: %check_clang_tidy %s leak-unclosed-resource %t -- -- -std=c++17 -I %S/../../include

#include <stdio.h>

typedef struct pg_conn PGconn;
extern "C" int PQgetCopyData(PGconn *conn, char **buffer, int async);
extern "C" void PQfreemem(void *ptr);
void consume(const char *row, int len) noexcept;
bool wanted(const char *path) noexcept;

int first_char(const char *path) {
  FILE *f{fopen(path, "r")};
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'f' from 'fopen' is not released on every path; wrap it in 'std::unique_ptr' with 'fclose' [leak-unclosed-resource]
  if (!f)
    return -1;
  if (!wanted(path))
    return 0;
  int c = fgetc(f);
  fclose(f);
  return c;
}

int first_char_closed(const char *path) {
  FILE *f{fopen(path, "r")};
  if (f == nullptr)
    return -1;
  int c = fgetc(f);
  fclose(f);
  return c;
}

// Only a positive length is a row; the other cases hold nothing.
int next_row(PGconn *conn) {
  char *buf = nullptr;
  auto const len{PQgetCopyData(conn, &buf, 0)};
  switch (len) {
  case -2:
    throw 2;
  case -1:
    return -1;
  case 0:
    return 0;
  default:
    consume(buf, len);
    PQfreemem(buf);
    return len;
  }
}

// A row left behind on a positive length is still a leak.
int skip_short_rows(PGconn *conn) {
  char *buf = nullptr;
  int const len{PQgetCopyData(conn, &buf, 0)};
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'buf' from 'PQgetCopyData' is not released on every path; wrap it in 'std::unique_ptr' with 'PQfreemem' [leak-unclosed-resource]
  // CHECK-FIXES: std::unique_ptr<char, decltype(&PQfreemem)> buf(nullptr, &PQfreemem);
  // CHECK-FIXES: int const len{PQgetCopyData(conn, leakguard::out_ptr(buf), 0)};
  switch (len) {
  case -2:
  case -1:
  case 0:
    return len;
  case 1:
    return 1;
  default:
    consume(buf, len);
    PQfreemem(buf);
    return len;
  }
}
