// Handles from C APIs, against the libraries' real headers.
// RUN: %check_clang_tidy %s leak-unclosed-resource %t -- -- -std=c11 \
// RUN:   -D_GNU_SOURCE -I/usr/include/postgresql
// With UnknownCallsEscape off, a handle given to a function whose body is
// elsewhere still has to be released here.
// RUN: %clang_tidy_plugin --checks='-*,leak-unclosed-resource' %s \
// RUN:   -config="{CheckOptions: {UnknownCallsEscape: false}}" \
// RUN:   -- -std=c11 -D_GNU_SOURCE -I/usr/include/postgresql 2>&1 | FileCheck %s --check-prefix=NOESCAPE

#include <curl/curl.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <netdb.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

// ---- stdio and POSIX --------------------------------------------------------

int read_first_line(const char *path, char *out, int size) {
  FILE *f = fopen(path, "r");
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'f' from 'fopen' is not released on every path; release it with 'fclose' on every path [leak-unclosed-resource]
  if (!f)
    return -1;
  if (!fgets(out, size, f))
    return -2;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'f' leaks when returning here
  fclose(f);
  return 0;
}

int read_header(const char *path) {
  int fd = open(path, O_RDONLY);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'fd' from 'open' is not released on every path; release it with 'close' on every path [leak-unclosed-resource]
  if (fd == -1)
    return -1;
  char magic[4];
  if (read(fd, magic, sizeof magic) != sizeof magic)
    return -2;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'fd' leaks when returning here
  close(fd);
  return magic[0];
}

int serve_once(int listener) {
  int client;
  while ((client = accept(listener, NULL, NULL)) >= 0) {
    // CHECK-NOTES: :[[@LINE-1]]:20: warning: 'client' from 'accept' is not released on every path; release it with 'close' on every path [leak-unclosed-resource]
    if (write(client, "hi\n", 3) < 0)
      continue;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 'client' leaks when continuing here
    close(client);
  }
  return 0;
}

int count_entries(const char *dir) {
  DIR *d = opendir(dir);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'd' from 'opendir' is not released on every path; release it with 'closedir' on every path [leak-unclosed-resource]
  if (d == NULL)
    return -1;
  int n = 0;
  while (readdir(d))
    ++n;
  return n;
}
// CHECK-NOTES: :[[@LINE-2]]:3: note: 'd' leaks when returning here

int resolve(const char *host) {
  struct addrinfo *res;
  if (getaddrinfo(host, "80", NULL, &res) != 0)
    return -1;
  // CHECK-NOTES: :[[@LINE-2]]:7: warning: 'res' from 'getaddrinfo' is not released on every path; release it with 'freeaddrinfo' on every path [leak-unclosed-resource]
  int family = res->ai_family;
  if (family != AF_INET)
    return -2;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'res' leaks when returning here
  freeaddrinfo(res);
  return family;
}

// ---- libcurl ----------------------------------------------------------------

// Two handles leak at the same return: their notes interleave (-DAG).
int post_event(const char *url, const char *body) {
  CURL *curl = curl_easy_init();
  // CHECK-NOTES-DAG: :[[@LINE-1]]:16: warning: 'curl' from 'curl_easy_init' is not released on every path; release it with 'curl_easy_cleanup' on every path [leak-unclosed-resource]
  if (!curl)
    return -1;
  struct curl_slist *headers = NULL;
  headers = curl_slist_append(headers, "Content-Type: application/json");
  // CHECK-NOTES-DAG: :[[@LINE-1]]:13: warning: 'headers' from 'curl_slist_append' is not released on every path; release it with 'curl_slist_free_all' on every path [leak-unclosed-resource]
  headers = curl_slist_append(headers, "Accept: application/json");
  curl_easy_setopt(curl, CURLOPT_URL, url);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
  if (curl_easy_perform(curl) != CURLE_OK)
    return -2;
  // CHECK-NOTES-DAG: :[[@LINE-1]]:5: note: 'curl' leaks when returning here
  // CHECK-NOTES-DAG: :[[@LINE-2]]:5: note: 'headers' leaks when returning here
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return 0;
}

void fire_and_forget(void) {
  curl_easy_init();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the handle returned by 'curl_easy_init' is discarded and never released [leak-unclosed-resource]
}

// ---- libpq: the PGresult is the response body --------------------------------

int count_users(PGconn *conn) {
  PGresult *res = PQexec(conn, "SELECT count(*) FROM users");
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: 'res' from 'PQexec' is not released on every path; release it with 'PQclear' on every path [leak-unclosed-resource]
  if (PQresultStatus(res) != PGRES_TUPLES_OK)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'res' leaks when returning here
  int n = atoi(PQgetvalue(res, 0, 0));
  PQclear(res);
  return n;
}

// A connection must be finished even when connecting failed.
PGconn *connect_db(const char *conninfo) {
  PGconn *conn = PQconnectdb(conninfo);
  // CHECK-NOTES: :[[@LINE-1]]:18: warning: 'conn' from 'PQconnectdb' is not released on every path; release it with 'PQfinish' on every path [leak-unclosed-resource]
  if (PQstatus(conn) != CONNECTION_OK)
    return NULL;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'conn' leaks when returning here
  return conn;
}

// ---- sqlite3 ----------------------------------------------------------------

int user_count(const char *path) {
  sqlite3 *db;
  if (sqlite3_open(path, &db) != SQLITE_OK)
    return -1;
  // CHECK-NOTES-DAG: :[[@LINE-2]]:7: warning: 'db' from 'sqlite3_open' is not released on every path; release it with 'sqlite3_close' on every path [leak-unclosed-resource]
  // CHECK-NOTES-DAG: :[[@LINE-2]]:5: note: 'db' leaks when returning here
  sqlite3_stmt *stmt;
  if (sqlite3_prepare_v2(db, "SELECT count(*) FROM users", -1, &stmt, NULL) !=
      SQLITE_OK) {
    sqlite3_close(db);
    return -2;
  }
  int rc = sqlite3_step(stmt);
  if (rc != SQLITE_ROW) {
    sqlite3_close(db);
    return -3;
    // CHECK-NOTES-DAG: :[[@LINE-9]]:7: warning: 'stmt' from 'sqlite3_prepare_v2' is not released on every path; release it with 'sqlite3_finalize' on every path [leak-unclosed-resource]
    // CHECK-NOTES-DAG: :[[@LINE-2]]:5: note: 'stmt' leaks when returning here
  }
  int n = sqlite3_column_int(stmt, 0);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return n;
}

// ---- Negatives ----------------------------------------------------------------

// Released on every path; the failed acquisition is not a leak.
int copy_file(const char *from, const char *to) {
  FILE *in = fopen(from, "rb");
  if (in == NULL)
    return -1;
  FILE *out = fopen(to, "wb");
  if (!out) {
    fclose(in);
    return -1;
  }
  char buf[256];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, in)) > 0)
    fwrite(buf, 1, n, out);
  fclose(out);
  fclose(in);
  return 0;
}

// Returned to the caller.
int open_socket(void) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0)
    return -1;
  return fd;
}

// Stored where it outlives the function.
struct conn { int fd; FILE *log; };
void attach(struct conn *c, const char *log_path) {
  FILE *log = fopen(log_path, "a");
  c->log = log;
}
static FILE *global_log;
void open_global_log(const char *path) {
  FILE *f = fopen(path, "a");
  global_log = f;
}

// Handed to a function that may take ownership.
void adopt_fd(int fd);
void hand_off(const char *path) {
  int fd = open(path, O_RDONLY);
  // NOESCAPE: leak-unclosed-resource.c:[[@LINE-1]]:12: warning: 'fd' from 'open' is not released on every path
  if (fd < 0)
    return;
  adopt_fd(fd);
}

// Failure tests of every shape.
void *map_file(int fd, size_t size) {
  void *p = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (p == MAP_FAILED)
    return NULL;
  return p;
}
void finalize_if_prepared(sqlite3 *db) {
  sqlite3_stmt *stmt;
  int rc = sqlite3_prepare_v2(db, "SELECT 1", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return;
  sqlite3_step(stmt);
  sqlite3_finalize(stmt);
}

// exit() does not return.
void must_open(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f)
    exit(1);
  if (fgetc(f) == EOF) {
    perror("empty");
    exit(2);
  }
  fclose(f);
}

// A conditional release that matches the conditional acquisition.
void maybe_log(const char *path, const char *msg) {
  FILE *f = fopen(path, "a");
  if (f)
    fputs(msg, f);
  if (f)
    fclose(f);
}

// Retried on EINTR: the loop only repeats when the acquisition failed.
int accept_retry(int listener) {
  int fd;
  do {
    fd = accept(listener, NULL, NULL);
  } while (fd == -1 && errno == EINTR);
  if (fd == -1)
    return -1;
  return fd;
}

// A release the code guards by a test of the handle itself.
void redirect_std_streams(int quiet) {
  int fd;
  if (quiet == 0 && (fd = open("/dev/null", O_RDWR, 0)) != -1) {
    dup2(fd, STDIN_FILENO);
    dup2(fd, STDOUT_FILENO);
    if (fd > STDERR_FILENO)
      close(fd);
  }
}

// Left open on purpose, and said so.
void touch_in_signal_handler(const char *path) {
  int fd = open(path, O_RDONLY | O_NONBLOCK);
  (void)fd;
}

// Stored through a chain of assignments into out-parameters.
#include <sys/eventfd.h>
int make_signaler(int *r, int *w) {
  int fd = eventfd(0, 0);
  if (fd == -1) {
    *w = *r = -1;
    return -1;
  }
  *w = *r = fd;
  return 0;
}

// Acquiring into the same variable again while it is open.
int two_queries(sqlite3 *db) {
  sqlite3_stmt *stmt;
  if (sqlite3_prepare_v2(db, "SELECT 1", -1, &stmt, NULL) != SQLITE_OK)
    return -1;
  // CHECK-NOTES: :[[@LINE-2]]:7: warning: 'stmt' from 'sqlite3_prepare_v2' is not released on every path; release it with 'sqlite3_finalize' on every path [leak-unclosed-resource]
  sqlite3_step(stmt);
  if (sqlite3_prepare_v2(db, "SELECT 2", -1, &stmt, NULL) != SQLITE_OK)
    return -2;
  // CHECK-NOTES: :[[@LINE-2]]:7: note: 'stmt' is overwritten here while still open
  sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  return 0;
}
FILE *log_file;
void reopen(const char *a, const char *b) {
  FILE *f = fopen(a, "w");
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'f' from 'fopen' is not released on every path; release it with 'fclose' on every path [leak-unclosed-resource]
  f = fopen(b, "w");
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'f' is overwritten here while still open
  log_file = f;
}

// ---- OpenSSL ------------------------------------------------------------------
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>

int load_cert_subject_len(const char *pem, int len) {
  BIO *bio = BIO_new_mem_buf(pem, len);
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: 'bio' from 'BIO_new_mem_buf' is not released on every path; release it with 'BIO_free' on every path [leak-unclosed-resource]
  if (!bio)
    return -1;
  X509 *cert = PEM_read_bio_X509(bio, NULL, NULL, NULL);
  if (cert == NULL)
    return -2;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'bio' leaks when returning here
  int n = X509_get_ext_count(cert);
  X509_free(cert);
  BIO_free(bio);
  return n;
}

int digest(const unsigned char *data, size_t len, unsigned char *out) {
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  if (ctx == NULL)
    return -1;
  int ok = EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) &&
           EVP_DigestUpdate(ctx, data, len) &&
           EVP_DigestFinal_ex(ctx, out, NULL);
  EVP_MD_CTX_free(ctx);
  return ok ? 0 : -1;
}

SSL *accept_tls(SSL_CTX *tls, int fd) {
  SSL *ssl = SSL_new(tls);
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: 'ssl' from 'SSL_new' is not released on every path; release it with 'SSL_free' on every path [leak-unclosed-resource]
  if (!ssl)
    return NULL;
  if (SSL_set_fd(ssl, fd) != 1 || SSL_accept(ssl) <= 0)
    return NULL;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'ssl' leaks when returning here
  return ssl;
}

// ---- Wrappers of this file ----------------------------------------------------

static FILE *open_log(const char *path) {
  FILE *f = fopen(path, "a");
  if (!f)
    return NULL;
  setvbuf(f, NULL, _IOLBF, 0);
  return f;
}
static void close_log(FILE *f) {
  if (f)
    fclose(f);
}
int write_event(const char *path, int code) {
  FILE *log = open_log(path);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'log' from 'open_log' is not released on every path; release it with 'fclose' on every path [leak-unclosed-resource]
  if (!log)
    return -1;
  if (code < 0)
    return -2;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'log' leaks when returning here
  fprintf(log, "%d\n", code);
  close_log(log);
  return 0;
}
// Released through the wrapper on every path: nothing to report.
int write_events(const char *path, int n) {
  FILE *log = open_log(path);
  if (!log)
    return -1;
  for (int i = 0; i < n; ++i)
    fprintf(log, "%d\n", i);
  close_log(log);
  return 0;
}

// ---- libmicrohttpd and MySQL (MariaDB's client headers) -------------------------
#include <mariadb/mysql.h>
#include <microhttpd.h>

enum MHD_Result answer_json(struct MHD_Connection *connection, const char *body,
                            int fail) {
  struct MHD_Response *response = MHD_create_response_from_buffer(
      strlen(body), (void *)body, MHD_RESPMEM_PERSISTENT);
  // CHECK-NOTES: :[[@LINE-2]]:35: warning: 'response' from 'MHD_create_response_from_buffer' is not released on every path; release it with 'MHD_destroy_response' on every path [leak-unclosed-resource]
  if (!response)
    return MHD_NO;
  if (fail)
    return MHD_NO;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'response' leaks when returning here
  MHD_add_response_header(response, "Content-Type", "application/json");
  enum MHD_Result ret = MHD_queue_response(connection, MHD_HTTP_OK, response);
  MHD_destroy_response(response);
  return ret;
}

long count_rows(MYSQL *db) {
  if (mysql_query(db, "SELECT id FROM users") != 0)
    return -1;
  MYSQL_RES *result = mysql_store_result(db);
  // CHECK-NOTES: :[[@LINE-1]]:23: warning: 'result' from 'mysql_store_result' is not released on every path; release it with 'mysql_free_result' on every path [leak-unclosed-resource]
  if (result == NULL)
    return -1;
  if (mysql_num_fields(result) != 1)
    return -2;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'result' leaks when returning here
  long n = (long)mysql_num_rows(result);
  mysql_free_result(result);
  return n;
}

// Conditions that cannot change prune the paths that cannot run.
static const int kAlwaysClose = 1;
static int always_close(void) { return 1; }
void closes_under_constants(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f)
    return;
  if (kAlwaysClose)
    fclose(f);
}
void closes_under_constant_function(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f)
    return;
  if (always_close())
    fclose(f);
}

// ---- regcomp: the handle is a struct, released through its address -----------
#include <regex.h>
int matches(const char *pattern, const char *text, int strict) {
  regex_t re;
  if (regcomp(&re, pattern, REG_EXTENDED) != 0)
    return -1;
  // CHECK-NOTES: :[[@LINE-2]]:7: warning: 're' from 'regcomp' is not released on every path; release it with 'regfree' on every path [leak-unclosed-resource]
  if (strict && strlen(text) > 100)
    return -2;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 're' leaks when returning here
  int found = regexec(&re, text, 0, NULL, 0) == 0;
  regfree(&re);
  return found;
}
int matches_ok(const char *pattern, const char *text) {
  regex_t re;
  if (regcomp(&re, pattern, REG_EXTENDED) != 0)
    return -1;
  int found = regexec(&re, text, 0, NULL, 0) == 0;
  regfree(&re);
  return found;
}

// ---- Pairs of descriptors through an array ------------------------------------
int spawn_reader(void) {
  int fds[2];
  if (pipe(fds) < 0)
    return -1;
  // CHECK-NOTES: :[[@LINE-2]]:7: warning: 'fds' from 'pipe' is not released on every path; release it with 'close' on every path [leak-unclosed-resource]
  if (write(fds[1], "x", 1) != 1)
    return -2;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'fds' leaks when returning here
  close(fds[1]);
  return fds[0];
}
int connect_pair(void) {
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1)
    return -1;
  close(sv[0]);
  close(sv[1]);
  return 0;
}

// ---- Helpers of this file that only borrow ----------------------------------------
static int write_header(FILE *out, int version) {
  if (!out)
    return -1;
  return fprintf(out, "v%d\n", version);
}
static int write_all(FILE *out, int n) {
  for (int i = 0; i < n; ++i)
    if (write_header(out, i) < 0)
      return -1;
  return 0;
}
int save(const char *path, int n) {
  FILE *f = fopen(path, "w");
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'f' from 'fopen' is not released on every path; release it with 'fclose' on every path [leak-unclosed-resource]
  if (!f)
    return -1;
  if (write_all(f, n) != 0)
    return -2;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'f' leaks when returning here
  fclose(f);
  return 0;
}

// ---- paths that cannot run ----------------------------------------------------

// A file-static variable that nothing in the file writes keeps its initial
// value in every condition.
static int staticFalse = 0;
static const char *const Mode = 0;
void log_line(const char *text);
void static_false_branch(const char *path) {
  FILE *f = fopen(path, "r");
  if (staticFalse)
    log_line("b");
  else if (f)
    fclose(f);
}
void static_null_pointer(const char *path) {
  FILE *f = fopen(path, "r");
  if (Mode != 0)
    return;
  if (f)
    fclose(f);
}

// Written somewhere in the file: any value.
static int verbose = 0;
void set_verbose(int on) { verbose = on; }
void written_static(const char *path) {
  FILE *f = fopen(path, "r");
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'f' from 'fopen' is not released on every path; release it with 'fclose' on every path [leak-unclosed-resource]
  if (verbose)
    log_line("v");
  else if (f)
    fclose(f);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: 'f' leaks at the end of the function

// A `for` loop whose first test its init decides runs its body once.
void loop_runs_once(const char *path) {
  FILE *f = fopen(path, "r");
  for (int k = 0; k < 1; k++)
    if (f)
      fclose(f);
}
// ... and one whose first test may fail does not.
void loop_may_not_run(const char *path, int n) {
  FILE *f = fopen(path, "r");
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'f' from 'fopen' is not released on every path; release it with 'fclose' on every path [leak-unclosed-resource]
  for (int k = 0; k < n; k++)
    if (f) {
      fclose(f);
      break;
    }
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: 'f' leaks at the end of the function

// LIKELY/UNLIKELY wrap the failure test in __builtin_expect.
#define UNLIKELY(x) __builtin_expect(!!(x), 0)
#define LIKELY(x) __builtin_expect(!!(x), 1)
int open_expected(const char *path) {
  int fd = open(path, O_RDONLY);
  if (UNLIKELY(fd < 0))
    return -1;
  close(fd);
  return 0;
}
void *map_expected(int fd, size_t n) {
  void *ptr = mmap(NULL, n, PROT_READ, MAP_PRIVATE, fd, 0);
  if (UNLIKELY(ptr == MAP_FAILED))
    return NULL;
  return ptr;
}
int open_likely(const char *path) {
  int fd = open(path, O_RDONLY);
  if (LIKELY(fd >= 0))
    return fd;
  return -1;
}

// A `const void *` parameter of a function outside the C library does not
// prove a borrow: tables keep their keys and values.
struct table;
int table_add(struct table *t, const void *key, const void *value);
int remember_name(struct table *t, const char *name) {
  char *key = strdup(name);
  if (!key)
    return -1;
  return table_add(t, key, "x");
}

// Handed on through a compound literal stored behind an out-parameter.
struct kv {
  char *key;
  char *value;
};
int split_pair(const char *k, const char *v, struct kv *out) {
  char *key = strdup(k);
  if (!key)
    return -1;
  char *value = strdup(v);
  if (!value) {
    free(key);
    return -1;
  }
  *out = (struct kv){key, value};
  return 0;
}

// A function of the file that ends in exit() does not return.
static void serve_child(void) {
  log_line("child");
  exit(0);
}
int fork_child(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return -1;
  if (path[0] == 'c') {
    serve_child();
    return 0; /* NOTREACHED */
  }
  close(fd);
  return 1;
}
