// The fixes for the handles the audit of libcurl, libpq, sqlite3, MySQL and
// libmicrohttpd added (issue #13): each becomes a std::unique_ptr with its
// release as the deleter, and the fixed file compiles. The prototypes are
// declared here, as the libraries' headers spell them.
// RUN: %check_clang_tidy %s leak-unclosed-resource %t -- -- -std=c++17

#include <cstddef>
#include <memory>

extern "C" {
typedef struct Curl_easy CURL;
typedef struct Curl_share CURLSH;
typedef struct curl_mime curl_mime;
typedef int CURLcode;
typedef int CURLSHcode;
CURLSH *curl_share_init(void);
CURLSHcode curl_share_cleanup(CURLSH *share);
curl_mime *curl_mime_init(CURL *easy);
void curl_mime_free(curl_mime *mime);
char *curl_getenv(const char *variable);
void curl_free(void *p);

typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;
typedef struct pg_cancel PGcancel;
typedef struct pgNotify {
  char *relname;
  int be_pid;
  char *extra;
  struct pgNotify *next;
} PGnotify;
typedef int ExecStatusType;
PGresult *PQmakeEmptyPGresult(PGconn *conn, ExecStatusType status);
ExecStatusType PQresultStatus(const PGresult *res);
void PQclear(PGresult *res);
PGnotify *PQnotifies(PGconn *conn);
void PQfreemem(void *ptr);
PGcancel *PQgetCancel(PGconn *conn);
int PQcancel(PGcancel *cancel, char *errbuf, int errbufsize);
void PQfreeCancel(PGcancel *cancel);

typedef struct sqlite3 sqlite3;
typedef struct sqlite3_backup sqlite3_backup;
typedef struct sqlite3_value sqlite3_value;
sqlite3_backup *sqlite3_backup_init(sqlite3 *pDest, const char *zDestName,
                                    sqlite3 *pSource, const char *zSourceName);
int sqlite3_backup_step(sqlite3_backup *p, int nPage);
int sqlite3_backup_finish(sqlite3_backup *p);
sqlite3_value *sqlite3_value_dup(const sqlite3_value *);
int sqlite3_value_type(sqlite3_value *);
void sqlite3_value_free(sqlite3_value *);

typedef struct st_mysql MYSQL;
typedef struct st_mysql_res MYSQL_RES;
typedef struct st_mysql_stmt MYSQL_STMT;
typedef char my_bool;
MYSQL *mysql_init(MYSQL *mysql);
int mysql_ping(MYSQL *mysql);
void mysql_close(MYSQL *sock);
MYSQL_RES *mysql_list_dbs(MYSQL *mysql, const char *wild);
unsigned int mysql_num_fields(MYSQL_RES *res);
void mysql_free_result(MYSQL_RES *result);
MYSQL_STMT *mysql_stmt_init(MYSQL *mysql);
int mysql_stmt_prepare(MYSQL_STMT *stmt, const char *query,
                       unsigned long length);
my_bool mysql_stmt_close(MYSQL_STMT *stmt);

struct MHD_Daemon;
struct MHD_Connection;
struct MHD_PostProcessor;
enum MHD_Result { MHD_NO = 0, MHD_YES = 1 };
struct MHD_Daemon *MHD_start_daemon(unsigned int flags, unsigned short port,
                                    void *apc, void *apc_cls, void *dh,
                                    void *dh_cls, ...);
enum MHD_Result MHD_run(struct MHD_Daemon *daemon);
void MHD_stop_daemon(struct MHD_Daemon *daemon);
struct MHD_PostProcessor *
MHD_create_post_processor(struct MHD_Connection *connection,
                          std::size_t buffer_size, void *iter, void *iter_cls);
enum MHD_Result MHD_post_process(struct MHD_PostProcessor *pp,
                                 const char *post_data,
                                 std::size_t post_data_len);
enum MHD_Result MHD_destroy_post_processor(struct MHD_PostProcessor *pp);
char *MHD_digest_auth_get_username(struct MHD_Connection *connection);
void MHD_free(void *ptr);
}

int share(bool c) {
  CURLSH *h = curl_share_init();
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'h' from 'curl_share_init' is not released on every path; wrap it in 'std::unique_ptr' with 'curl_share_cleanup' [leak-unclosed-resource]
  if (!h)
    return -1;
  if (c)
    return -2;
  curl_share_cleanup(h);
  return 0;
}
// CHECK-FIXES: std::unique_ptr<CURLSH, decltype(&curl_share_cleanup)> h(curl_share_init(), &curl_share_cleanup);
// CHECK-FIXES: h.reset();

int form(CURL *curl, bool c) {
  curl_mime *mime = curl_mime_init(curl);
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'mime' from 'curl_mime_init' is not released on every path; wrap it in 'std::unique_ptr' with 'curl_mime_free' [leak-unclosed-resource]
  if (!mime)
    return -1;
  if (c)
    return -2;
  curl_mime_free(mime);
  return 0;
}
// CHECK-FIXES: std::unique_ptr<curl_mime, decltype(&curl_mime_free)> mime(curl_mime_init(curl), &curl_mime_free);
// CHECK-FIXES: mime.reset();

int env() {
  char *proxy = curl_getenv("http_proxy");
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'proxy' from 'curl_getenv' is not released on every path; wrap it in 'std::unique_ptr' with 'curl_free' [leak-unclosed-resource]
  if (!proxy)
    return 0;
  if (proxy[0] == 0)
    return -1;
  curl_free(proxy);
  return 1;
}
// CHECK-FIXES: std::unique_ptr<char, decltype(&curl_free)> proxy(curl_getenv("http_proxy"), &curl_free);
// CHECK-FIXES: proxy.reset();

int empty_result(PGconn *conn, bool c) {
  PGresult *res = PQmakeEmptyPGresult(conn, 2);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'res' from 'PQmakeEmptyPGresult' is not released on every path; wrap it in 'std::unique_ptr' with 'PQclear' [leak-unclosed-resource]
  if (!res)
    return -1;
  if (c)
    return -2;
  int status = PQresultStatus(res);
  PQclear(res);
  return status;
}
// CHECK-FIXES: std::unique_ptr<PGresult, decltype(&PQclear)> res(PQmakeEmptyPGresult(conn, 2), &PQclear);
// CHECK-FIXES: int status = PQresultStatus(res.get());
// CHECK-FIXES: res.reset();

int listen_once(PGconn *conn) {
  PGnotify *note = PQnotifies(conn);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'note' from 'PQnotifies' is not released on every path; wrap it in 'std::unique_ptr' with 'PQfreemem' [leak-unclosed-resource]
  if (!note)
    return 0;
  if (note->be_pid == 0)
    return -1;
  PQfreemem(note);
  return 1;
}
// CHECK-FIXES: std::unique_ptr<PGnotify, decltype(&PQfreemem)> note(PQnotifies(conn), &PQfreemem);
// CHECK-FIXES: note.reset();

int cancel(PGconn *conn) {
  char err[256];
  PGcancel *c = PQgetCancel(conn);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'c' from 'PQgetCancel' is not released on every path; wrap it in 'std::unique_ptr' with 'PQfreeCancel' [leak-unclosed-resource]
  if (!c)
    return -1;
  if (!PQcancel(c, err, sizeof err))
    return -2;
  PQfreeCancel(c);
  return 0;
}
// CHECK-FIXES: std::unique_ptr<PGcancel, decltype(&PQfreeCancel)> c(PQgetCancel(conn), &PQfreeCancel);
// CHECK-FIXES: if (!PQcancel(c.get(), err, sizeof err))
// CHECK-FIXES: c.reset();

int backup(sqlite3 *to, sqlite3 *from) {
  sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'b' from 'sqlite3_backup_init' is not released on every path; wrap it in 'std::unique_ptr' with 'sqlite3_backup_finish' [leak-unclosed-resource]
  if (!b)
    return -1;
  if (sqlite3_backup_step(b, -1) != 101)
    return -2;
  sqlite3_backup_finish(b);
  return 0;
}
// CHECK-FIXES: std::unique_ptr<sqlite3_backup, decltype(&sqlite3_backup_finish)> b(sqlite3_backup_init(to, "main", from, "main"), &sqlite3_backup_finish);
// CHECK-FIXES: if (sqlite3_backup_step(b.get(), -1) != 101)
// CHECK-FIXES: b.reset();

int value_type(const sqlite3_value *v) {
  sqlite3_value *copy = sqlite3_value_dup(v);
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 'copy' from 'sqlite3_value_dup' is not released on every path; wrap it in 'std::unique_ptr' with 'sqlite3_value_free' [leak-unclosed-resource]
  if (!copy)
    return -1;
  int type = sqlite3_value_type(copy);
  if (type == 5)
    return 0;
  sqlite3_value_free(copy);
  return type;
}
// CHECK-FIXES: std::unique_ptr<sqlite3_value, decltype(&sqlite3_value_free)> copy(sqlite3_value_dup(v), &sqlite3_value_free);
// CHECK-FIXES: int type = sqlite3_value_type(copy.get());
// CHECK-FIXES: copy.reset();

bool ping() {
  MYSQL *conn = mysql_init(nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'conn' from 'mysql_init' is not released on every path; wrap it in 'std::unique_ptr' with 'mysql_close' [leak-unclosed-resource]
  if (!conn)
    return false;
  if (mysql_ping(conn) != 0)
    return false;
  mysql_close(conn);
  return true;
}
// CHECK-FIXES: std::unique_ptr<MYSQL, decltype(&mysql_close)> conn(mysql_init(nullptr), &mysql_close);
// CHECK-FIXES: if (mysql_ping(conn.get()) != 0)
// CHECK-FIXES: conn.reset();

unsigned databases(MYSQL *db) {
  MYSQL_RES *dbs = mysql_list_dbs(db, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'dbs' from 'mysql_list_dbs' is not released on every path; wrap it in 'std::unique_ptr' with 'mysql_free_result' [leak-unclosed-resource]
  if (!dbs)
    return 0;
  unsigned n = mysql_num_fields(dbs);
  if (n == 0)
    return 0;
  mysql_free_result(dbs);
  return n;
}
// CHECK-FIXES: std::unique_ptr<MYSQL_RES, decltype(&mysql_free_result)> dbs(mysql_list_dbs(db, nullptr), &mysql_free_result);
// CHECK-FIXES: dbs.reset();

int prepare(MYSQL *db, const char *sql) {
  MYSQL_STMT *stmt = mysql_stmt_init(db);
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'stmt' from 'mysql_stmt_init' is not released on every path; wrap it in 'std::unique_ptr' with 'mysql_stmt_close' [leak-unclosed-resource]
  if (!stmt)
    return -1;
  if (mysql_stmt_prepare(stmt, sql, 0))
    return -2;
  mysql_stmt_close(stmt);
  return 0;
}
// CHECK-FIXES: std::unique_ptr<MYSQL_STMT, decltype(&mysql_stmt_close)> stmt(mysql_stmt_init(db), &mysql_stmt_close);
// CHECK-FIXES: stmt.reset();

int serve(void *handler, bool c) {
  struct MHD_Daemon *d = MHD_start_daemon(0, 8080, nullptr, nullptr, handler, nullptr, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'd' from 'MHD_start_daemon' is not released on every path; wrap it in 'std::unique_ptr' with 'MHD_stop_daemon' [leak-unclosed-resource]
  if (!d)
    return -1;
  if (MHD_run(d) != MHD_YES || c)
    return -2;
  MHD_stop_daemon(d);
  return 0;
}
// CHECK-FIXES: std::unique_ptr<struct MHD_Daemon, decltype(&MHD_stop_daemon)> d(MHD_start_daemon(0, 8080, nullptr, nullptr, handler, nullptr, 0), &MHD_stop_daemon);
// CHECK-FIXES: d.reset();

int post(struct MHD_Connection *connection, const char *data, std::size_t n) {
  struct MHD_PostProcessor *pp =
      MHD_create_post_processor(connection, 1024, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'pp' from 'MHD_create_post_processor' is not released on every path; wrap it in 'std::unique_ptr' with 'MHD_destroy_post_processor' [leak-unclosed-resource]
  if (!pp)
    return -1;
  if (MHD_post_process(pp, data, n) != MHD_YES)
    return -2;
  MHD_destroy_post_processor(pp);
  return 0;
}
// CHECK-FIXES: std::unique_ptr<struct MHD_PostProcessor, decltype(&MHD_destroy_post_processor)> pp(MHD_create_post_processor(connection, 1024, nullptr, nullptr), &MHD_destroy_post_processor);
// CHECK-FIXES: pp.reset();

int user(struct MHD_Connection *connection) {
  char *name = MHD_digest_auth_get_username(connection);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'name' from 'MHD_digest_auth_get_username' is not released on every path; wrap it in 'std::unique_ptr' with 'MHD_free' [leak-unclosed-resource]
  if (!name)
    return 0;
  if (name[0] == 0)
    return -1;
  MHD_free(name);
  return 1;
}
// CHECK-FIXES: std::unique_ptr<char, decltype(&MHD_free)> name(MHD_digest_auth_get_username(connection), &MHD_free);
// CHECK-FIXES: name.reset();
