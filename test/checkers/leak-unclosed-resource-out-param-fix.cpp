// The out-parameter fix of leak-unclosed-resource: a pointer that a call
// fills through `&h` (sqlite3_open, sqlite3_prepare_v2, getaddrinfo) becomes
// a std::unique_ptr declared where the pointer was, empty, and the call
// fills it through leakguard::out_ptr(h) (owned before the branch on the
// call's result is taken, so that a database whose opening failed is still
// closed). Where the rewrite cannot be shown to compile, a note says why.
// RUN: %check_clang_tidy -std=c++11,c++17 %s leak-unclosed-resource %t -- -- -I %S/../../include

// CHECK-FIXES-DAG: #include <leakguard/out_ptr.h>
// CHECK-FIXES-DAG: #include <memory>
#include <netdb.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <unistd.h>

void log_error(const char *message);

// The database must be closed even when opening it failed.
int count_users(const char *path) {
  sqlite3 *db = nullptr;
  if (sqlite3_open(path, &db) != SQLITE_OK)
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'db' from 'sqlite3_open' is not released on every path; wrap it in 'std::unique_ptr' with 'sqlite3_close' [leak-unclosed-resource]
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'db' leaks when returning here
  int rc = sqlite3_exec(db, "select 1", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) {
    log_error(sqlite3_errmsg(db));
    return -1;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: 'db' leaks when returning here
  }
  sqlite3_close(db);
  return 0;
}
// CHECK-FIXES: int count_users(const char *path) {
// CHECK-FIXES-NEXT:   std::unique_ptr<sqlite3, decltype(&sqlite3_close)> db(nullptr, &sqlite3_close);
// CHECK-FIXES-NEXT:   if (sqlite3_open(path, leakguard::out_ptr(db)) != SQLITE_OK)
// CHECK-FIXES-NEXT:     return -1;
// CHECK-FIXES-NEXT:   int rc = sqlite3_exec(db.get(), "select 1", nullptr, nullptr, nullptr);
// CHECK-FIXES-NEXT:   if (rc != SQLITE_OK) {
// CHECK-FIXES-NEXT:     log_error(sqlite3_errmsg(db.get()));
// CHECK-FIXES-NEXT:     return -1;
// CHECK-FIXES-NEXT:   }
// CHECK-FIXES-NEXT:   db.reset();
// CHECK-FIXES-NEXT:   return 0;
// CHECK-FIXES-NEXT: }

// A statement not finalized when stepping fails; declared without an
// initializer, finalized in the middle of the block.
int user_id(sqlite3 *db, const char *name) {
  sqlite3_stmt *stmt;
  if (sqlite3_prepare_v2(db, "select id from users where name = ?", -1, &stmt,
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'stmt' from 'sqlite3_prepare_v2' is not released on every path; wrap it in 'std::unique_ptr' with 'sqlite3_finalize' [leak-unclosed-resource]
                         nullptr) != SQLITE_OK)
    return -1;
  sqlite3_bind_text(stmt, 1, name, -1, SQLITE_TRANSIENT);
  if (sqlite3_step(stmt) != SQLITE_ROW)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'stmt' leaks when returning here
  int id = sqlite3_column_int(stmt, 0);
  sqlite3_finalize(stmt);
  log_error("found");
  return id;
}
// CHECK-FIXES: int user_id(sqlite3 *db, const char *name) {
// CHECK-FIXES-NEXT:   std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> stmt(nullptr, &sqlite3_finalize);
// CHECK-FIXES-NEXT:   if (sqlite3_prepare_v2(db, "select id from users where name = ?", -1, leakguard::out_ptr(stmt),
// CHECK-FIXES-NEXT:                          nullptr) != SQLITE_OK)
// CHECK-FIXES-NEXT:     return -1;
// CHECK-FIXES-NEXT:   sqlite3_bind_text(stmt.get(), 1, name, -1, SQLITE_TRANSIENT);
// CHECK-FIXES-NEXT:   if (sqlite3_step(stmt.get()) != SQLITE_ROW)
// CHECK-FIXES-NEXT:     return -1;
// CHECK-FIXES-NEXT:   int id = sqlite3_column_int(stmt.get(), 0);
// CHECK-FIXES-NEXT:   stmt.reset();
// CHECK-FIXES-NEXT:   log_error("found");
// CHECK-FIXES-NEXT:   return id;
// CHECK-FIXES-NEXT: }

// The address list of getaddrinfo, read through '->'.
int dial(const char *host, const char *port) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  struct addrinfo *res = NULL;
  if (getaddrinfo(host, port, &hints, &res) != 0)
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'res' from 'getaddrinfo' is not released on every path; wrap it in 'std::unique_ptr' with 'freeaddrinfo' [leak-unclosed-resource]
    return -1;
  int fd = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
  if (fd < 0)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'res' leaks when returning here
  freeaddrinfo(res);
  return fd;
}
// CHECK-FIXES: int dial(const char *host, const char *port) {
// CHECK-FIXES-NEXT:   addrinfo hints{};
// CHECK-FIXES-NEXT:   hints.ai_socktype = SOCK_STREAM;
// CHECK-FIXES-NEXT:   std::unique_ptr<struct addrinfo, decltype(&freeaddrinfo)> res(nullptr, &freeaddrinfo);
// CHECK-FIXES-NEXT:   if (getaddrinfo(host, port, &hints, leakguard::out_ptr(res)) != 0)
// CHECK-FIXES-NEXT:     return -1;
// CHECK-FIXES-NEXT:   int fd = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
// CHECK-FIXES-NEXT:   if (fd < 0)
// CHECK-FIXES-NEXT:     return -1;
// CHECK-FIXES-NEXT:   res.reset();
// CHECK-FIXES-NEXT:   return fd;
// CHECK-FIXES-NEXT: }

// ---- no fix: the note says why ---------------------------------------------

// Two statements prepared into one variable.
int two_statements(sqlite3 *db, bool second) {
  sqlite3_stmt *stmt = nullptr;
  if (sqlite3_prepare_v2(db, "begin", -1, &stmt, nullptr) != SQLITE_OK)
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'stmt' from 'sqlite3_prepare_v2' is not released on every path; wrap it in 'std::unique_ptr' with 'sqlite3_finalize' [leak-unclosed-resource]
  // CHECK-NOTES: :[[@LINE-2]]:7: note: no automatic fix: the address of 'stmt' is taken; declare 'std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> stmt(nullptr, &sqlite3_finalize);' before the call, give it 'leakguard::out_ptr(stmt)' and let the owner release it
    return -1;
  if (sqlite3_step(stmt) != SQLITE_DONE)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'stmt' leaks when returning here
  sqlite3_finalize(stmt);
  if (!second)
    return 0;
  if (sqlite3_prepare_v2(db, "commit", -1, &stmt, nullptr) != SQLITE_OK)
    return -1;
  sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  return 0;
}

// Declared with a value, then given to the call.
int reused(const char *path, sqlite3 *fallback) {
  sqlite3 *db = fallback;
  if (sqlite3_open(path, &db) != SQLITE_OK)
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'db' from 'sqlite3_open' is not released on every path; wrap it in 'std::unique_ptr' with 'sqlite3_close' [leak-unclosed-resource]
  // CHECK-NOTES: :[[@LINE-2]]:7: note: no automatic fix: 'db' is not declared null or uninitialized; declare 'std::unique_ptr<sqlite3, decltype(&sqlite3_close)> db(nullptr, &sqlite3_close);' before the call, give it 'leakguard::out_ptr(db)' and let the owner release it
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'db' leaks when returning here
  sqlite3_close(db);
  return 0;
}

// The release's result is returned: it finalizes what the owner gives up.
int finalize_result(sqlite3 *db) {
  sqlite3_stmt *stmt = nullptr;
  if (sqlite3_prepare_v2(db, "vacuum", -1, &stmt, nullptr) != SQLITE_OK)
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'stmt' from 'sqlite3_prepare_v2' is not released on every path; wrap it in 'std::unique_ptr' with 'sqlite3_finalize' [leak-unclosed-resource]
    return -1;
  if (sqlite3_step(stmt) != SQLITE_DONE)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'stmt' leaks when returning here
  return sqlite3_finalize(stmt);
}
// CHECK-FIXES: int finalize_result(sqlite3 *db) {
// CHECK-FIXES-NEXT:   std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> stmt(nullptr, &sqlite3_finalize);
// CHECK-FIXES-NEXT:   if (sqlite3_prepare_v2(db, "vacuum", -1, leakguard::out_ptr(stmt), nullptr) != SQLITE_OK)
// CHECK-FIXES-NEXT:     return -1;
// CHECK-FIXES-NEXT:   if (sqlite3_step(stmt.get()) != SQLITE_DONE)
// CHECK-FIXES-NEXT:     return -1;
// CHECK-FIXES-NEXT:   return sqlite3_finalize(stmt.release());
// CHECK-FIXES-NEXT: }

// Released on every path: no finding.
int balanced(const char *path) {
  sqlite3 *db = nullptr;
  int rc = sqlite3_open(path, &db);
  sqlite3_close(db);
  return rc;
}

// ---- macros -----------------------------------------------------------------

#define OPEN_DB(path, out) sqlite3_open(path, out)
#define PREPARE(db, sql, out) sqlite3_prepare_v2(db, sql, -1, out, nullptr)

int macro_acquire(const char *path) {
  sqlite3 *db = nullptr;
  if (OPEN_DB(path, &db) != SQLITE_OK)
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'db' from 'sqlite3_open' is not released on every path; wrap it in 'std::unique_ptr' with 'sqlite3_close' [leak-unclosed-resource]
  // CHECK-NOTES: :{{[0-9]+}}:28: note: expanded from macro 'OPEN_DB'
  // CHECK-NOTES: :[[@LINE-3]]:7: note: no automatic fix: the acquisition is in a macro; declare 'std::unique_ptr<sqlite3, decltype(&sqlite3_close)> db(nullptr, &sqlite3_close);' before the call, give it 'leakguard::out_ptr(db)' and let the owner release it
  // CHECK-NOTES: :{{[0-9]+}}:28: note: expanded from macro 'OPEN_DB'
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'db' leaks when returning here
  sqlite3_close(db);
  return 0;
}

// ---- templates --------------------------------------------------------------

// Fixed once, in the template.
template <typename Row> int first_row(sqlite3 *db, Row &row) {
  sqlite3_stmt *stmt = nullptr;
  if (sqlite3_prepare_v2(db, "select * from t", -1, &stmt, nullptr) != SQLITE_OK)
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'stmt' from 'sqlite3_prepare_v2' is not released on every path; wrap it in 'std::unique_ptr' with 'sqlite3_finalize' [leak-unclosed-resource]
    return -1;
  if (sqlite3_step(stmt) != SQLITE_ROW || !row.ready())
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'stmt' leaks when returning here
  row.set(sqlite3_column_int(stmt, 0));
  sqlite3_finalize(stmt);
  return 0;
}
// CHECK-FIXES: template <typename Row> int first_row(sqlite3 *db, Row &row) {
// CHECK-FIXES-NEXT:   std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> stmt(nullptr, &sqlite3_finalize);
// CHECK-FIXES-NEXT:   if (sqlite3_prepare_v2(db, "select * from t", -1, leakguard::out_ptr(stmt), nullptr) != SQLITE_OK)
// CHECK-FIXES-NEXT:     return -1;
// CHECK-FIXES-NEXT:   if (sqlite3_step(stmt.get()) != SQLITE_ROW || !row.ready())
// CHECK-FIXES-NEXT:     return -1;
// CHECK-FIXES-NEXT:   row.set(sqlite3_column_int(stmt.get(), 0));
// CHECK-FIXES-NEXT:   stmt.reset();
// CHECK-FIXES-NEXT:   return 0;
// CHECK-FIXES-NEXT: }

struct Row {
  bool ready() const;
  void set(int value);
};
int use_first_row(sqlite3 *db, Row &row) { return first_row(db, row); }
