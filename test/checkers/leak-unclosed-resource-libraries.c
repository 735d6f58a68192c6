// The audit of libcurl, libpq, sqlite3, the MySQL/MariaDB client and
// libmicrohttpd (issue #13): every function that hands out a handle the
// caller must release, its release, its failure test; the calls that take a
// handle over, and the ones whose result the library keeps. The prototypes
// are declared here, as the libraries' headers spell them, so the test
// needs none of their packages. UnknownCallsEscape is off: a call that the
// model does not know as an adopter does not hide a leak.
// RUN: %check_clang_tidy %s leak-unclosed-resource,leak-missing-raii %t -- \
// RUN:   -config="{CheckOptions: {UnknownCallsEscape: false}}" -- -std=c11

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

// ---- libcurl ------------------------------------------------------------------

typedef struct Curl_easy CURL;
typedef struct Curl_multi CURLM;
typedef struct Curl_share CURLSH;
typedef struct Curl_URL CURLU;
typedef struct curl_mime curl_mime;
typedef struct curl_mimepart curl_mimepart;
struct curl_slist;
typedef struct curl_version_info_data curl_version_info_data;
typedef int CURLcode;
typedef int CURLMcode;
typedef int CURLSHcode;
typedef int CURLUcode;
typedef int CURLoption;
typedef int CURLUPart;
#define CURLOPT_HTTPHEADER 10023
#define CURLOPT_MIMEPOST 10269
#define CURLUPART_HOST 5
#define CURLVERSION_NOW 10

CURL *curl_easy_init(void);
CURL *curl_easy_duphandle(CURL *curl);
void curl_easy_cleanup(CURL *curl);
CURLcode curl_easy_setopt(CURL *curl, CURLoption option, ...);
CURLcode curl_easy_perform(CURL *curl);
const char *curl_easy_strerror(CURLcode);
CURLM *curl_multi_init(void);
CURLMcode curl_multi_add_handle(CURLM *multi_handle, CURL *curl_handle);
CURLMcode curl_multi_cleanup(CURLM *multi_handle);
CURL **curl_multi_get_handles(CURLM *multi_handle);
CURLSH *curl_share_init(void);
CURLSHcode curl_share_cleanup(CURLSH *share);
CURLU *curl_url(void);
CURLU *curl_url_dup(CURLU *in);
void curl_url_cleanup(CURLU *handle);
CURLUcode curl_url_get(CURLU *handle, CURLUPart what, char **part,
                       unsigned int flags);
curl_mime *curl_mime_init(CURL *easy);
void curl_mime_free(curl_mime *mime);
curl_mimepart *curl_mime_addpart(curl_mime *mime);
CURLcode curl_mime_data(curl_mimepart *part, const char *data, size_t datasize);
CURLcode curl_mime_subparts(curl_mimepart *part, curl_mime *subparts);
CURLcode curl_mime_headers(curl_mimepart *part, struct curl_slist *headers,
                           int take_ownership);
struct curl_slist *curl_slist_append(struct curl_slist *list,
                                     const char *data);
void curl_slist_free_all(struct curl_slist *list);
char *curl_getenv(const char *variable);
char *curl_version(void);
char *curl_easy_unescape(CURL *handle, const char *string, int length,
                         int *outlength);
char *curl_maprintf(const char *format, ...);
void curl_free(void *p);
curl_version_info_data *curl_version_info(int);

int curl_share(int c) {
  CURLSH *h = curl_share_init();
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'h' from 'curl_share_init' is not released on every path; release it with 'curl_share_cleanup' on every path [leak-unclosed-resource]
  if (!h)
    return -1;
  if (c)
    return -2;
  curl_share_cleanup(h);
  return 0;
}

// The mime belongs to the caller: CURLOPT_MIMEPOST only points at it.
int post_form(CURL *curl, const char *text) {
  curl_mime *form = curl_mime_init(curl);
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'form' from 'curl_mime_init' is not released on every path; release it with 'curl_mime_free' on every path [leak-unclosed-resource]
  if (!form)
    return -1;
  curl_mimepart *part = curl_mime_addpart(form);
  curl_mime_data(part, text, (size_t)-1);
  curl_easy_setopt(curl, CURLOPT_MIMEPOST, form);
  if (curl_easy_perform(curl) != 0)
    return -2;
  curl_mime_free(form);
  return 0;
}

// The parts belong to the mime, and subparts to the part they are set on;
// a header list given with take_ownership belongs to the part.
int post_nested(CURL *curl, struct curl_slist *extra) {
  curl_mime *form = curl_mime_init(curl);
  if (!form)
    return -1;
  curl_mime *inner = curl_mime_init(curl);
  if (!inner) {
    curl_mime_free(form);
    return -1;
  }
  curl_mime_addpart(inner);
  curl_mimepart *part = curl_mime_addpart(form);
  curl_mime_subparts(part, inner);
  struct curl_slist *headers = curl_slist_append(NULL, "X-Part: 1");
  curl_mime_headers(part, headers, 1);
  (void)extra;
  curl_easy_setopt(curl, CURLOPT_MIMEPOST, form);
  int rc = curl_easy_perform(curl);
  curl_mime_free(form);
  return rc;
}

// CURLOPT_HTTPHEADER does not take the list; a multi handle does not take
// the easy handle.
int get_with_header(CURLM *multi) {
  CURL *curl = curl_easy_init();
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'curl' from 'curl_easy_init' is not released on every path; release it with 'curl_easy_cleanup' on every path [leak-unclosed-resource]
  if (!curl)
    return -1;
  struct curl_slist *headers = curl_slist_append(NULL, "Accept: */*");
  // CHECK-MESSAGES: :[[@LINE-1]]:32: warning: 'headers' from 'curl_slist_append' is not released on every path; release it with 'curl_slist_free_all' on every path [leak-unclosed-resource]
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_multi_add_handle(multi, curl);
  return 0;
}

int curl_env(void) {
  char *proxy = curl_getenv("http_proxy");
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'proxy' from 'curl_getenv' is not released on every path; release it with 'curl_free' on every path [leak-unclosed-resource]
  if (!proxy)
    return 0;
  if (proxy[0] == 0)
    return -1;
  curl_free(proxy);
  return 1;
}

// The part comes out through argument 2 when the call returns 0.
int url_host(CURLU *url) {
  char *host;
  if (curl_url_get(url, CURLUPART_HOST, &host, 0) != 0)
    return -1;
  // CHECK-MESSAGES: :[[@LINE-2]]:7: warning: 'host' from 'curl_url_get' is not released on every path; release it with 'curl_free' on every path [leak-unclosed-resource]
  if (host[0] == 0)
    return -2;
  curl_free(host);
  return 0;
}
int url_host_ok(CURLU *url) {
  char *host;
  CURLUcode rc = curl_url_get(url, CURLUPART_HOST, &host, 0);
  if (rc)
    return -1;
  int n = host[0];
  curl_free(host);
  return n;
}

int multi_handles(CURLM *multi) {
  CURL **all = curl_multi_get_handles(multi);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'all' from 'curl_multi_get_handles' is not released on every path; release it with 'curl_free' on every path [leak-unclosed-resource]
  if (!all)
    return -1;
  if (!all[0])
    return 0;
  curl_free(all);
  return 1;
}

int curl_dups(CURL *curl, CURLU *url, int c) {
  CURL *copy = curl_easy_duphandle(curl);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'copy' from 'curl_easy_duphandle' is not released on every path; release it with 'curl_easy_cleanup' on every path [leak-unclosed-resource]
  CURLU *url2 = curl_url_dup(url);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'url2' from 'curl_url_dup' is not released on every path; release it with 'curl_url_cleanup' on every path [leak-unclosed-resource]
  char *plain = curl_easy_unescape(curl, "a%20b", 0, NULL);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'plain' from 'curl_easy_unescape' is not released on every path; release it with 'curl_free' on every path [leak-unclosed-resource]
  char *line = curl_maprintf("%d", c);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'line' from 'curl_maprintf' is not released on every path; release it with 'curl_free' on every path [leak-unclosed-resource]
  if (c)
    return -1;
  curl_free(line);
  curl_free(plain);
  curl_url_cleanup(url2);
  curl_easy_cleanup(copy);
  return 0;
}

// The library keeps these.
int curl_borrowed(CURLcode rc) {
  curl_version_info_data *info = curl_version_info(CURLVERSION_NOW);
  const char *why = curl_easy_strerror(rc);
  char *version = curl_version();
  curl_version_info(CURLVERSION_NOW);
  return info != NULL && why != NULL && version != NULL;
}

// ---- libpq --------------------------------------------------------------------

typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;
typedef struct pg_cancel PGcancel;
typedef struct pgNotify {
  char *relname;
  int be_pid;
  char *extra;
  struct pgNotify *next;
} PGnotify;
typedef struct _PQconninfoOption {
  char *keyword;
  char *val;
} PQconninfoOption;
typedef unsigned int Oid;
typedef int ExecStatusType;
#define PGRES_TUPLES_OK 2

PGresult *PQexec(PGconn *conn, const char *query);
PGresult *PQexecParams(PGconn *conn, const char *command, int nParams,
                       const Oid *paramTypes, const char *const *paramValues,
                       const int *paramLengths, const int *paramFormats,
                       int resultFormat);
PGresult *PQprepare(PGconn *conn, const char *stmtName, const char *query,
                    int nParams, const Oid *paramTypes);
PGresult *PQdescribePrepared(PGconn *conn, const char *stmt);
PGresult *PQmakeEmptyPGresult(PGconn *conn, ExecStatusType status);
PGresult *PQcopyResult(const PGresult *src, int flags);
ExecStatusType PQresultStatus(const PGresult *res);
char *PQgetvalue(const PGresult *res, int tup_num, int field_num);
char *PQresultErrorMessage(const PGresult *res);
char *PQerrorMessage(const PGconn *conn);
void PQclear(PGresult *res);
void PQfreemem(void *ptr);
PGnotify *PQnotifies(PGconn *conn);
int PQconsumeInput(PGconn *conn);
PQconninfoOption *PQconndefaults(void);
PQconninfoOption *PQconninfoParse(const char *conninfo, char **errmsg);
PQconninfoOption *PQconninfo(PGconn *conn);
void PQconninfoFree(PQconninfoOption *connOptions);
PGcancel *PQgetCancel(PGconn *conn);
int PQcancel(PGcancel *cancel, char *errbuf, int errbufsize);
void PQfreeCancel(PGcancel *cancel);
unsigned char *PQunescapeBytea(const unsigned char *strtext,
                               size_t *retbuflen);
unsigned char *PQescapeBytea(const unsigned char *from, size_t from_length,
                             size_t *to_length);
char *PQencryptPassword(const char *passwd, const char *user);
int PQgetCopyData(PGconn *conn, char **buffer, int async);

int pq_results(PGconn *conn, const char *const *values, int c) {
  PGresult *a = PQexecParams(conn, "SELECT $1", 1, NULL, values, NULL, NULL, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'a' from 'PQexecParams' is not released on every path; release it with 'PQclear' on every path [leak-unclosed-resource]
  PGresult *b = PQprepare(conn, "s", "SELECT 1", 0, NULL);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'b' from 'PQprepare' is not released on every path; release it with 'PQclear' on every path [leak-unclosed-resource]
  PGresult *d = PQdescribePrepared(conn, "s");
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'd' from 'PQdescribePrepared' is not released on every path; release it with 'PQclear' on every path [leak-unclosed-resource]
  PGresult *e = PQmakeEmptyPGresult(conn, PGRES_TUPLES_OK);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'e' from 'PQmakeEmptyPGresult' is not released on every path; release it with 'PQclear' on every path [leak-unclosed-resource]
  PGresult *f = PQcopyResult(a, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'f' from 'PQcopyResult' is not released on every path; release it with 'PQclear' on every path [leak-unclosed-resource]
  if (c)
    return -1;
  PQclear(f);
  PQclear(e);
  PQclear(d);
  PQclear(b);
  PQclear(a);
  return 0;
}

int pq_listen(PGconn *conn) {
  PQconsumeInput(conn);
  PGnotify *note = PQnotifies(conn);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'note' from 'PQnotifies' is not released on every path; release it with 'PQfreemem' on every path [leak-unclosed-resource]
  if (!note)
    return 0;
  if (note->be_pid == 0)
    return -1;
  PQfreemem(note);
  return 1;
}
int pq_listen_ok(PGconn *conn) {
  int n = 0;
  PGnotify *note;
  PQconsumeInput(conn);
  while ((note = PQnotifies(conn)) != NULL) {
    ++n;
    PQfreemem(note);
  }
  return n;
}

int pq_options(PGconn *conn, const char *conninfo, int c) {
  PQconninfoOption *parsed = PQconninfoParse(conninfo, NULL);
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: 'parsed' from 'PQconninfoParse' is not released on every path; release it with 'PQconninfoFree' on every path [leak-unclosed-resource]
  PQconninfoOption *defaults = PQconndefaults();
  // CHECK-MESSAGES: :[[@LINE-1]]:32: warning: 'defaults' from 'PQconndefaults' is not released on every path; release it with 'PQconninfoFree' on every path [leak-unclosed-resource]
  PQconninfoOption *used = PQconninfo(conn);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: 'used' from 'PQconninfo' is not released on every path; release it with 'PQconninfoFree' on every path [leak-unclosed-resource]
  if (c)
    return -1;
  PQconninfoFree(used);
  PQconninfoFree(defaults);
  PQconninfoFree(parsed);
  return 0;
}

int pq_cancel(PGconn *conn) {
  char err[256];
  PGcancel *cancel = PQgetCancel(conn);
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'cancel' from 'PQgetCancel' is not released on every path; release it with 'PQfreeCancel' on every path [leak-unclosed-resource]
  if (!cancel)
    return -1;
  if (!PQcancel(cancel, err, sizeof err))
    return -2;
  PQfreeCancel(cancel);
  return 0;
}

int pq_bytes(const unsigned char *text, const char *pw, int c) {
  size_t n;
  unsigned char *raw = PQunescapeBytea(text, &n);
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: 'raw' from 'PQunescapeBytea' is not released on every path; release it with 'PQfreemem' on every path [leak-unclosed-resource]
  unsigned char *escaped = PQescapeBytea(text, 4, &n);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: 'escaped' from 'PQescapeBytea' is not released on every path; release it with 'PQfreemem' on every path [leak-unclosed-resource]
  char *hash = PQencryptPassword(pw, "user");
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'hash' from 'PQencryptPassword' is not released on every path; release it with 'PQfreemem' on every path [leak-unclosed-resource]
  if (c)
    return -1;
  PQfreemem(hash);
  PQfreemem(escaped);
  PQfreemem(raw);
  return 0;
}

// A row comes out only when the call returns its (positive) length.
int pq_copy_out(PGconn *conn) {
  char *row;
  int len = PQgetCopyData(conn, &row, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'row' from 'PQgetCopyData' is not released on every path; release it with 'PQfreemem' on every path [leak-unclosed-resource]
  if (len <= 0)
    return len;
  if (row[0] == '\\')
    return -3;
  PQfreemem(row);
  return len;
}
long pq_copy_all(PGconn *conn) {
  long total = 0;
  char *row;
  int len;
  while ((len = PQgetCopyData(conn, &row, 0)) > 0) {
    total += len;
    PQfreemem(row);
  }
  if (len == -2)
    return -1;
  return total;
}

// The library keeps these.
int pq_borrowed(PGconn *conn) {
  PGresult *res = PQexec(conn, "SELECT 1");
  if (PQresultStatus(res) != PGRES_TUPLES_OK) {
    const char *why = PQresultErrorMessage(res);
    const char *conn_why = PQerrorMessage(conn);
    PQclear(res);
    return why[0] + conn_why[0];
  }
  char *value = PQgetvalue(res, 0, 0);
  int n = value[0];
  PQclear(res);
  return n;
}

// ---- sqlite3 ------------------------------------------------------------------

typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;
typedef struct sqlite3_blob sqlite3_blob;
typedef struct sqlite3_backup sqlite3_backup;
typedef struct sqlite3_str sqlite3_str;
typedef struct sqlite3_value sqlite3_value;
typedef struct sqlite3_snapshot sqlite3_snapshot;
typedef const char *sqlite3_filename;
typedef long long sqlite3_int64;
typedef unsigned long long sqlite3_uint64;
#define SQLITE_OK 0
#define SQLITE_OPEN_READWRITE 0x00000002
#define SQLITE_DESERIALIZE_FREEONCLOSE 1

int sqlite3_open_v2(const char *filename, sqlite3 **ppDb, int flags,
                    const char *zVfs);
int sqlite3_close(sqlite3 *);
const char *sqlite3_errmsg(sqlite3 *);
int sqlite3_exec(sqlite3 *, const char *sql,
                 int (*callback)(void *, int, char **, char **), void *,
                 char **errmsg);
int sqlite3_prepare_v2(sqlite3 *db, const char *zSql, int nByte,
                       sqlite3_stmt **ppStmt, const char **pzTail);
int sqlite3_step(sqlite3_stmt *);
const unsigned char *sqlite3_column_text(sqlite3_stmt *, int iCol);
const char *sqlite3_sql(sqlite3_stmt *pStmt);
int sqlite3_finalize(sqlite3_stmt *pStmt);
int sqlite3_blob_open(sqlite3 *, const char *zDb, const char *zTable,
                      const char *zColumn, sqlite3_int64 iRow, int flags,
                      sqlite3_blob **ppBlob);
int sqlite3_blob_read(sqlite3_blob *, void *Z, int N, int iOffset);
int sqlite3_blob_close(sqlite3_blob *);
sqlite3_backup *sqlite3_backup_init(sqlite3 *pDest, const char *zDestName,
                                    sqlite3 *pSource, const char *zSourceName);
int sqlite3_backup_step(sqlite3_backup *p, int nPage);
int sqlite3_backup_finish(sqlite3_backup *p);
int sqlite3_get_table(sqlite3 *db, const char *zSql, char ***pazResult,
                      int *pnRow, int *pnColumn, char **pzErrmsg);
void sqlite3_free_table(char **result);
int sqlite3_load_extension(sqlite3 *db, const char *zFile, const char *zProc,
                           char **pzErrMsg);
char *sqlite3_mprintf(const char *, ...);
void *sqlite3_malloc64(sqlite3_uint64);
void *sqlite3_realloc(void *, int);
void *sqlite3_realloc64(void *, sqlite3_uint64);
void sqlite3_free(void *);
sqlite3_str *sqlite3_str_new(sqlite3 *);
void sqlite3_str_appendall(sqlite3_str *, const char *zIn);
int sqlite3_str_errcode(sqlite3_str *);
char *sqlite3_str_finish(sqlite3_str *);
sqlite3_value *sqlite3_value_dup(const sqlite3_value *);
void sqlite3_value_free(sqlite3_value *);
sqlite3_filename sqlite3_create_filename(const char *zDatabase,
                                         const char *zJournal,
                                         const char *zWal, int nParam,
                                         const char **azParam);
void sqlite3_free_filename(sqlite3_filename);
int sqlite3_snapshot_get(sqlite3 *db, const char *zSchema,
                         sqlite3_snapshot **ppSnapshot);
void sqlite3_snapshot_free(sqlite3_snapshot *);
int sqlite3_deserialize(sqlite3 *db, const char *zSchema, unsigned char *pData,
                        sqlite3_int64 szDb, sqlite3_int64 szBuf,
                        unsigned mFlags);

// The database handle exists even when opening failed.
int open_db(const char *path, sqlite3 **out) {
  sqlite3 *db;
  int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'db' from 'sqlite3_open_v2' is not released on every path; release it with 'sqlite3_close' on every path [leak-unclosed-resource]
  if (rc != SQLITE_OK)
    return rc;
  *out = db;
  return SQLITE_OK;
}

// The error message comes out only when the call fails.
int exec_sql(sqlite3 *db, const char *sql) {
  char *err = NULL;
  int rc = sqlite3_exec(db, sql, NULL, NULL, &err);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'err' from 'sqlite3_exec' is not released on every path; release it with 'sqlite3_free' on every path [leak-unclosed-resource]
  if (rc != SQLITE_OK)
    return err[0];
  return 0;
}
int exec_sql_ok(sqlite3 *db, const char *sql) {
  char *err = NULL;
  if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
    int first = err[0];
    sqlite3_free(err);
    return first;
  }
  return 0;
}
int exec_sql_tested(sqlite3 *db, const char *sql) {
  char *err;
  int rc = sqlite3_exec(db, sql, NULL, NULL, &err);
  if (!rc)
    return 0;
  if (err)
    sqlite3_free(err);
  return rc;
}
int exec_sql_quiet(sqlite3 *db, const char *sql) {
  return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

int load_ext(sqlite3 *db, const char *file) {
  char *err;
  if (sqlite3_load_extension(db, file, NULL, &err) != SQLITE_OK)
    return -1;
  // CHECK-MESSAGES: :[[@LINE-2]]:7: warning: 'err' from 'sqlite3_load_extension' is not released on every path; release it with 'sqlite3_free' on every path [leak-unclosed-resource]
  return 0;
}

int read_blob(sqlite3 *db, sqlite3_int64 row, char *buf) {
  sqlite3_blob *blob;
  if (sqlite3_blob_open(db, "main", "t", "data", row, 0, &blob) != SQLITE_OK)
    return -1;
  // CHECK-MESSAGES: :[[@LINE-2]]:7: warning: 'blob' from 'sqlite3_blob_open' is not released on every path; release it with 'sqlite3_blob_close' on every path [leak-unclosed-resource]
  if (sqlite3_blob_read(blob, buf, 16, 0) != SQLITE_OK)
    return -2;
  sqlite3_blob_close(blob);
  return 0;
}

int backup(sqlite3 *to, sqlite3 *from) {
  sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'b' from 'sqlite3_backup_init' is not released on every path; release it with 'sqlite3_backup_finish' on every path [leak-unclosed-resource]
  if (!b)
    return -1;
  if (sqlite3_backup_step(b, -1) != 101)
    return -2;
  return sqlite3_backup_finish(b);
}

int table(sqlite3 *db) {
  char **rows;
  int nrow, ncol;
  if (sqlite3_get_table(db, "SELECT 1", &rows, &nrow, &ncol, NULL) != SQLITE_OK)
    return -1;
  // CHECK-MESSAGES: :[[@LINE-2]]:7: warning: 'rows' from 'sqlite3_get_table' is not released on every path; release it with 'sqlite3_free_table' on every path [leak-unclosed-resource]
  if (nrow == 0)
    return 0;
  sqlite3_free_table(rows);
  return nrow;
}

char *build(sqlite3 *db, const char *name) {
  sqlite3_str *s = sqlite3_str_new(db);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 's' from 'sqlite3_str_new' is not released on every path; release it with 'sqlite3_str_finish' on every path [leak-unclosed-resource]
  sqlite3_str_appendall(s, name);
  if (sqlite3_str_errcode(s) != SQLITE_OK)
    return NULL;
  return sqlite3_str_finish(s);
}
int build_len(sqlite3 *db, const char *name) {
  sqlite3_str *s = sqlite3_str_new(db);
  sqlite3_str_appendall(s, name);
  char *z = sqlite3_str_finish(s);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'z' from 'sqlite3_str_finish' is not released on every path; release it with 'sqlite3_free' on every path [leak-unclosed-resource]
  if (!z)
    return 0;
  if (z[0] == 0)
    return -1;
  sqlite3_free(z);
  return 1;
}

// sqlite3_realloc gives back the same block grown.
int grow(int n) {
  char *p = sqlite3_realloc(NULL, 16);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'p' from 'sqlite3_realloc' is not released on every path; release it with 'sqlite3_free' on every path [leak-unclosed-resource]
  if (!p)
    return -1;
  p = sqlite3_realloc64(p, 32);
  if (!p)
    return -1;
  if (n)
    return -2;
  sqlite3_free(p);
  return 0;
}

int values(const sqlite3_value *v, sqlite3 *db, int c) {
  sqlite3_value *copy = sqlite3_value_dup(v);
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 'copy' from 'sqlite3_value_dup' is not released on every path; release it with 'sqlite3_value_free' on every path [leak-unclosed-resource]
  sqlite3_filename name = sqlite3_create_filename("a.db", "", "", 0, NULL);
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: 'name' from 'sqlite3_create_filename' is not released on every path; release it with 'sqlite3_free_filename' on every path [leak-unclosed-resource]
  sqlite3_snapshot *snap;
  if (sqlite3_snapshot_get(db, "main", &snap) != SQLITE_OK)
    return -1;
  // CHECK-MESSAGES: :[[@LINE-2]]:7: warning: 'snap' from 'sqlite3_snapshot_get' is not released on every path; release it with 'sqlite3_snapshot_free' on every path [leak-unclosed-resource]
  if (c)
    return -2;
  sqlite3_snapshot_free(snap);
  sqlite3_free_filename(name);
  sqlite3_value_free(copy);
  return 0;
}

// With SQLITE_DESERIALIZE_FREEONCLOSE the database frees the image.
int load_image(sqlite3 *db, sqlite3_int64 n) {
  unsigned char *image = sqlite3_malloc64(n);
  if (!image)
    return -1;
  return sqlite3_deserialize(db, "main", image, n, n,
                             SQLITE_DESERIALIZE_FREEONCLOSE);
}

// The library keeps these.
int sqlite_borrowed(sqlite3 *db) {
  sqlite3_stmt *stmt;
  if (sqlite3_prepare_v2(db, "SELECT 1", -1, &stmt, NULL) != SQLITE_OK)
    return sqlite3_errmsg(db)[0];
  int n = 0;
  if (sqlite3_step(stmt) == 100)
    n = sqlite3_column_text(stmt, 0)[0] + sqlite3_sql(stmt)[0];
  sqlite3_finalize(stmt);
  return n;
}

// ---- MySQL / MariaDB ------------------------------------------------------------

typedef struct st_mysql MYSQL;
typedef struct st_mysql_res MYSQL_RES;
typedef struct st_mysql_stmt MYSQL_STMT;
typedef char **MYSQL_ROW;
typedef char my_bool;
struct st_mysql {
  char opaque[1024];
};

MYSQL *mysql_init(MYSQL *mysql);
MYSQL *mysql_real_connect(MYSQL *mysql, const char *host, const char *user,
                          const char *passwd, const char *db,
                          unsigned int port, const char *unix_socket,
                          unsigned long clientflag);
void mysql_close(MYSQL *sock);
const char *mysql_error(MYSQL *mysql);
int mysql_query(MYSQL *mysql, const char *q);
MYSQL_RES *mysql_store_result(MYSQL *mysql);
MYSQL_RES *mysql_list_dbs(MYSQL *mysql, const char *wild);
MYSQL_RES *mysql_list_tables(MYSQL *mysql, const char *wild);
MYSQL_RES *mysql_list_processes(MYSQL *mysql);
MYSQL_ROW mysql_fetch_row(MYSQL_RES *result);
void mysql_free_result(MYSQL_RES *result);
MYSQL_STMT *mysql_stmt_init(MYSQL *mysql);
int mysql_stmt_prepare(MYSQL_STMT *stmt, const char *query,
                       unsigned long length);
MYSQL_RES *mysql_stmt_result_metadata(MYSQL_STMT *stmt);
my_bool mysql_stmt_close(MYSQL_STMT *stmt);

// A handle that failed to connect must still be closed.
MYSQL *connect_db(const char *host) {
  MYSQL *conn = mysql_init(NULL);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'conn' from 'mysql_init' is not released on every path; release it with 'mysql_close' on every path [leak-unclosed-resource]
  if (!conn)
    return NULL;
  if (!mysql_real_connect(conn, host, "u", "p", "db", 0, NULL, 0))
    return NULL;
  return conn;
}
MYSQL *connect_db_ok(const char *host) {
  MYSQL *conn = mysql_init(NULL);
  if (conn == NULL)
    return NULL;
  if (!mysql_real_connect(conn, host, "u", "p", "db", 0, NULL, 0)) {
    mysql_close(conn);
    return NULL;
  }
  return conn;
}
// Given an object, mysql_init initializes it in place: nothing comes out.
int connect_in_place(MYSQL *conn, const char *host) {
  mysql_init(conn);
  return mysql_real_connect(conn, host, "u", "p", "db", 0, NULL, 0) != NULL;
}

int listings(MYSQL *db, int c) {
  MYSQL_RES *dbs = mysql_list_dbs(db, NULL);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'dbs' from 'mysql_list_dbs' is not released on every path; release it with 'mysql_free_result' on every path [leak-unclosed-resource]
  MYSQL_RES *tables = mysql_list_tables(db, NULL);
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'tables' from 'mysql_list_tables' is not released on every path; release it with 'mysql_free_result' on every path [leak-unclosed-resource]
  MYSQL_RES *procs = mysql_list_processes(db);
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'procs' from 'mysql_list_processes' is not released on every path; release it with 'mysql_free_result' on every path [leak-unclosed-resource]
  if (c)
    return -1;
  mysql_free_result(procs);
  mysql_free_result(tables);
  mysql_free_result(dbs);
  return 0;
}

int statement(MYSQL *db, const char *sql) {
  MYSQL_STMT *stmt = mysql_stmt_init(db);
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'stmt' from 'mysql_stmt_init' is not released on every path; release it with 'mysql_stmt_close' on every path [leak-unclosed-resource]
  if (!stmt)
    return -1;
  if (mysql_stmt_prepare(stmt, sql, 0))
    return -2;
  MYSQL_RES *meta = mysql_stmt_result_metadata(stmt);
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'meta' from 'mysql_stmt_result_metadata' is not released on every path; release it with 'mysql_free_result' on every path [leak-unclosed-resource]
  if (meta && mysql_stmt_prepare(stmt, sql, 1))
    return -3;
  mysql_free_result(meta);
  mysql_stmt_close(stmt);
  return 0;
}

// The library keeps these: rows belong to the result, messages to the
// connection.
int mysql_borrowed(MYSQL *db) {
  if (mysql_query(db, "SELECT 1"))
    return mysql_error(db)[0];
  MYSQL_RES *res = mysql_store_result(db);
  if (!res)
    return -1;
  MYSQL_ROW row = mysql_fetch_row(res);
  int n = row ? row[0][0] : 0;
  mysql_free_result(res);
  return n;
}

// ---- libmicrohttpd --------------------------------------------------------------

struct MHD_Daemon;
struct MHD_Connection;
struct MHD_Response;
struct MHD_PostProcessor;
struct MHD_IoVec {
  const void *iov_base;
  size_t iov_len;
};
enum MHD_Result { MHD_NO = 0, MHD_YES = 1 };
enum MHD_ValueKind { MHD_HEADER_KIND = 1 };
typedef enum MHD_Result (*MHD_KeyValueIterator)(void *cls,
                                                enum MHD_ValueKind kind,
                                                const char *key,
                                                const char *value);
typedef enum MHD_Result (*MHD_PostDataIterator)(
    void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
    const char *content_type, const char *transfer_encoding, const char *data,
    uint64_t off, size_t size);
typedef void (*MHD_ContentReaderFreeCallback)(void *cls);
typedef enum MHD_Result (*MHD_AccessHandlerCallback)(
    void *cls, struct MHD_Connection *connection, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls);
struct MHD_BasicAuthInfo {
  char *username;
  size_t username_len;
  char *password;
  size_t password_len;
};

struct MHD_Daemon *MHD_start_daemon(unsigned int flags, uint16_t port,
                                    void *apc, void *apc_cls,
                                    MHD_AccessHandlerCallback dh,
                                    void *dh_cls, ...);
enum MHD_Result MHD_run(struct MHD_Daemon *daemon);
void MHD_stop_daemon(struct MHD_Daemon *daemon);
int MHD_get_connection_values(struct MHD_Connection *connection,
                              enum MHD_ValueKind kind,
                              MHD_KeyValueIterator iterator,
                              void *iterator_cls);
const char *MHD_lookup_connection_value(struct MHD_Connection *connection,
                                        enum MHD_ValueKind kind,
                                        const char *key);
struct MHD_Response *MHD_create_response_from_fd(size_t size, int fd);
struct MHD_Response *MHD_create_response_from_fd64(uint64_t size, int fd);
struct MHD_Response *MHD_create_response_from_pipe(int fd);
struct MHD_Response *
MHD_create_response_from_iovec(const struct MHD_IoVec *iov,
                               unsigned int iovcnt,
                               MHD_ContentReaderFreeCallback free_cb,
                               void *cls);
enum MHD_Result MHD_queue_response(struct MHD_Connection *connection,
                                   unsigned int status_code,
                                   struct MHD_Response *response);
void MHD_destroy_response(struct MHD_Response *response);
struct MHD_PostProcessor *
MHD_create_post_processor(struct MHD_Connection *connection, size_t buffer_size,
                          MHD_PostDataIterator iter, void *iter_cls);
enum MHD_Result MHD_post_process(struct MHD_PostProcessor *pp,
                                 const char *post_data, size_t post_data_len);
enum MHD_Result MHD_destroy_post_processor(struct MHD_PostProcessor *pp);
char *MHD_basic_auth_get_username_password(struct MHD_Connection *connection,
                                           char **password);
struct MHD_BasicAuthInfo *
MHD_basic_auth_get_username_password3(struct MHD_Connection *connection);
char *MHD_digest_auth_get_username(struct MHD_Connection *connection);
void MHD_free(void *ptr);
enum MHD_ResponseMemoryMode {
  MHD_RESPMEM_PERSISTENT,
  MHD_RESPMEM_MUST_FREE,
  MHD_RESPMEM_MUST_COPY
};
struct MHD_Response *
MHD_create_response_from_buffer(size_t size, void *buffer,
                                enum MHD_ResponseMemoryMode mode);
int open(const char *path, int flags, ...);
int close(int fd);
void *malloc(size_t size);
void free(void *ptr);
char *strdup(const char *s);
size_t strlen(const char *s);

int serve(MHD_AccessHandlerCallback handler, int c) {
  struct MHD_Daemon *d = MHD_start_daemon(0, 8080, NULL, NULL, handler, NULL,
                                          0);
  // CHECK-MESSAGES: :[[@LINE-2]]:26: warning: 'd' from 'MHD_start_daemon' is not released on every path; release it with 'MHD_stop_daemon' on every path [leak-unclosed-resource]
  if (!d)
    return -1;
  if (MHD_run(d) != MHD_YES || c)
    return -2;
  MHD_stop_daemon(d);
  return 0;
}

// Queueing a response does not give it away.
enum MHD_Result answer_pipe(struct MHD_Connection *connection, int fd) {
  struct MHD_Response *response = MHD_create_response_from_pipe(fd);
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: 'response' from 'MHD_create_response_from_pipe' is not released on every path; release it with 'MHD_destroy_response' on every path [leak-unclosed-resource]
  if (!response)
    return MHD_NO;
  return MHD_queue_response(connection, 200, response);
}
enum MHD_Result answer_iovec(struct MHD_Connection *connection,
                             const struct MHD_IoVec *iov) {
  struct MHD_Response *response =
      MHD_create_response_from_iovec(iov, 2, NULL, NULL);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'response' from 'MHD_create_response_from_iovec' is not released on every path; release it with 'MHD_destroy_response' on every path [leak-unclosed-resource]
  if (!response)
    return MHD_NO;
  if (MHD_queue_response(connection, 200, response) != MHD_YES)
    return MHD_NO;
  MHD_destroy_response(response);
  return MHD_YES;
}

// The response closes the descriptor it is made from.
enum MHD_Result answer_file(struct MHD_Connection *connection,
                            const char *path) {
  int fd = open(path, 0);
  if (fd < 0)
    return MHD_NO;
  struct MHD_Response *response = MHD_create_response_from_fd(16, fd);
  if (!response) {
    close(fd);
    return MHD_NO;
  }
  enum MHD_Result ret = MHD_queue_response(connection, 200, response);
  MHD_destroy_response(response);
  return ret;
}
struct MHD_Response *file_response(const char *path) {
  int fd = open(path, 0);
  if (fd < 0)
    return NULL;
  return MHD_create_response_from_fd64(16, fd);
}

// With MHD_RESPMEM_MUST_FREE the response frees the buffer (with the other
// modes it stays the caller's; the model cannot tell, and stays quiet).
enum MHD_Result answer_text(struct MHD_Connection *connection,
                            const char *text) {
  char *body = strdup(text);
  if (!body)
    return MHD_NO;
  struct MHD_Response *response = MHD_create_response_from_buffer(
      strlen(body), body, MHD_RESPMEM_MUST_FREE);
  if (!response) {
    free(body);
    return MHD_NO;
  }
  enum MHD_Result ret = MHD_queue_response(connection, 200, response);
  MHD_destroy_response(response);
  return ret;
}
struct MHD_Response *zeros(size_t n) {
  char *body = malloc(n);
  if (!body)
    return NULL;
  for (size_t i = 0; i < n; ++i)
    body[i] = 0;
  return MHD_create_response_from_buffer(n, body, MHD_RESPMEM_MUST_FREE);
}

enum MHD_Result form(struct MHD_Connection *connection, const char *data,
                     size_t size, MHD_PostDataIterator iter) {
  struct MHD_PostProcessor *pp =
      MHD_create_post_processor(connection, 1024, iter, NULL);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'pp' from 'MHD_create_post_processor' is not released on every path; release it with 'MHD_destroy_post_processor' on every path [leak-unclosed-resource]
  if (!pp)
    return MHD_NO;
  if (MHD_post_process(pp, data, size) != MHD_YES)
    return MHD_NO;
  return MHD_destroy_post_processor(pp);
}

int auth(struct MHD_Connection *connection) {
  char *user = MHD_digest_auth_get_username(connection);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'user' from 'MHD_digest_auth_get_username' is not released on every path; release it with 'MHD_free' on every path [leak-unclosed-resource]
  if (!user)
    return 0;
  if (user[0] == 0)
    return -1;
  MHD_free(user);
  return 1;
}
int basic_auth(struct MHD_Connection *connection) {
  char *password = NULL;
  char *user = MHD_basic_auth_get_username_password(connection, &password);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'user' from 'MHD_basic_auth_get_username_password' is not released on every path; release it with 'MHD_free' on every path [leak-unclosed-resource]
  if (!user)
    return 0;
  if (!password)
    return -1;
  MHD_free(password);
  MHD_free(user);
  return 1;
}
int basic_auth3(struct MHD_Connection *connection) {
  struct MHD_BasicAuthInfo *info =
      MHD_basic_auth_get_username_password3(connection);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'info' from 'MHD_basic_auth_get_username_password3' is not released on every path; release it with 'MHD_free' on every path [leak-unclosed-resource]
  if (!info)
    return 0;
  if (!info->password)
    return -1;
  MHD_free(info);
  return 1;
}

// The library keeps these.
int mhd_borrowed(struct MHD_Connection *connection, MHD_KeyValueIterator it) {
  const char *host =
      MHD_lookup_connection_value(connection, MHD_HEADER_KIND, "Host");
  MHD_lookup_connection_value(connection, MHD_HEADER_KIND, "Accept");
  return MHD_get_connection_values(connection, MHD_HEADER_KIND, it, NULL) +
         (host != NULL);
}
