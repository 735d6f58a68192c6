// One positive and one negative for every built-in API not covered by
// leak-unclosed-resource.c, against the libraries' real headers: each
// leak_* function loses the handle on its second return, each ok_* function
// releases it on every path.
// RUN: %check_clang_tidy %s leak-unclosed-resource %t -- -- -std=c11 \
// RUN:   -D_GNU_SOURCE -I/usr/include/postgresql

#include <curl/curl.h>
#include <dirent.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <iconv.h>
#include <libpq-fe.h>
#include <mariadb/mysql.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/timerfd.h>
#include <unistd.h>

int use(const void *p);

int leak_fdopen(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  FILE *h = fdopen(fd, "r");
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'h' from 'fdopen' is not released on every path; release it with 'fclose' on every path [leak-unclosed-resource]
  if (!h)
    return -1;
  if (c)
    return -2;
  fclose(h);
  return 0;
}
int ok_fdopen(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  FILE *h = fdopen(fd, "r");
  if (!h)
    return -1;
  if (c) {
    fclose(h);
    return -2;
  }
  fclose(h);
  return 0;
}

int leak_tmpfile(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  FILE *h = tmpfile();
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'h' from 'tmpfile' is not released on every path; release it with 'fclose' on every path [leak-unclosed-resource]
  if (!h)
    return -1;
  if (c)
    return -2;
  fclose(h);
  return 0;
}
int ok_tmpfile(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  FILE *h = tmpfile();
  if (!h)
    return -1;
  if (c) {
    fclose(h);
    return -2;
  }
  fclose(h);
  return 0;
}

int leak_popen(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  FILE *h = popen("true", "r");
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'h' from 'popen' is not released on every path; release it with 'pclose' on every path [leak-unclosed-resource]
  if (!h)
    return -1;
  if (c)
    return -2;
  pclose(h);
  return 0;
}
int ok_popen(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  FILE *h = popen("true", "r");
  if (!h)
    return -1;
  if (c) {
    pclose(h);
    return -2;
  }
  pclose(h);
  return 0;
}

int leak_openat(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  int h = openat(fd, "x", O_RDONLY);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'h' from 'openat' is not released on every path; release it with 'close' on every path [leak-unclosed-resource]
  if (h < 0)
    return -1;
  if (c)
    return -2;
  close(h);
  return 0;
}
int ok_openat(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  int h = openat(fd, "x", O_RDONLY);
  if (h < 0)
    return -1;
  if (c) {
    close(h);
    return -2;
  }
  close(h);
  return 0;
}

int leak_creat(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  int h = creat("x", 0600);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'h' from 'creat' is not released on every path; release it with 'close' on every path [leak-unclosed-resource]
  if (h < 0)
    return -1;
  if (c)
    return -2;
  close(h);
  return 0;
}
int ok_creat(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  int h = creat("x", 0600);
  if (h < 0)
    return -1;
  if (c) {
    close(h);
    return -2;
  }
  close(h);
  return 0;
}

int leak_dup(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  int h = dup(fd);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'h' from 'dup' is not released on every path; release it with 'close' on every path [leak-unclosed-resource]
  if (h == -1)
    return -1;
  if (c)
    return -2;
  close(h);
  return 0;
}
int ok_dup(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  int h = dup(fd);
  if (h == -1)
    return -1;
  if (c) {
    close(h);
    return -2;
  }
  close(h);
  return 0;
}

int leak_epoll_create1(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  int h = epoll_create1(0);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'h' from 'epoll_create1' is not released on every path; release it with 'close' on every path [leak-unclosed-resource]
  if (h < 0)
    return -1;
  if (c)
    return -2;
  close(h);
  return 0;
}
int ok_epoll_create1(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  int h = epoll_create1(0);
  if (h < 0)
    return -1;
  if (c) {
    close(h);
    return -2;
  }
  close(h);
  return 0;
}

int leak_timerfd_create(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  int h = timerfd_create(CLOCK_MONOTONIC, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'h' from 'timerfd_create' is not released on every path; release it with 'close' on every path [leak-unclosed-resource]
  if (h < 0)
    return -1;
  if (c)
    return -2;
  close(h);
  return 0;
}
int ok_timerfd_create(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  int h = timerfd_create(CLOCK_MONOTONIC, 0);
  if (h < 0)
    return -1;
  if (c) {
    close(h);
    return -2;
  }
  close(h);
  return 0;
}

int leak_inotify_init1(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  int h = inotify_init1(0);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'h' from 'inotify_init1' is not released on every path; release it with 'close' on every path [leak-unclosed-resource]
  if (h < 0)
    return -1;
  if (c)
    return -2;
  close(h);
  return 0;
}
int ok_inotify_init1(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  int h = inotify_init1(0);
  if (h < 0)
    return -1;
  if (c) {
    close(h);
    return -2;
  }
  close(h);
  return 0;
}

int leak_memfd_create(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  int h = memfd_create("x", 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'h' from 'memfd_create' is not released on every path; release it with 'close' on every path [leak-unclosed-resource]
  if (h < 0)
    return -1;
  if (c)
    return -2;
  close(h);
  return 0;
}
int ok_memfd_create(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  int h = memfd_create("x", 0);
  if (h < 0)
    return -1;
  if (c) {
    close(h);
    return -2;
  }
  close(h);
  return 0;
}

int leak_fdopendir(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  DIR *h = fdopendir(fd);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'h' from 'fdopendir' is not released on every path; release it with 'closedir' on every path [leak-unclosed-resource]
  if (h == NULL)
    return -1;
  if (c)
    return -2;
  closedir(h);
  return 0;
}
int ok_fdopendir(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  DIR *h = fdopendir(fd);
  if (h == NULL)
    return -1;
  if (c) {
    closedir(h);
    return -2;
  }
  closedir(h);
  return 0;
}

int leak_dlopen(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  void *h = dlopen("libm.so.6", RTLD_NOW);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'h' from 'dlopen' is not released on every path; release it with 'dlclose' on every path [leak-unclosed-resource]
  if (!h)
    return -1;
  if (c)
    return -2;
  dlclose(h);
  return 0;
}
int ok_dlopen(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  void *h = dlopen("libm.so.6", RTLD_NOW);
  if (!h)
    return -1;
  if (c) {
    dlclose(h);
    return -2;
  }
  dlclose(h);
  return 0;
}

int leak_iconv_open(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  iconv_t h = iconv_open("UTF-8", "LATIN1");
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'h' from 'iconv_open' is not released on every path; release it with 'iconv_close' on every path [leak-unclosed-resource]
  if (h == (iconv_t)-1)
    return -1;
  if (c)
    return -2;
  iconv_close(h);
  return 0;
}
int ok_iconv_open(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  iconv_t h = iconv_open("UTF-8", "LATIN1");
  if (h == (iconv_t)-1)
    return -1;
  if (c) {
    iconv_close(h);
    return -2;
  }
  iconv_close(h);
  return 0;
}

int leak_strdup(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  char *h = strdup("x");
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'h' from 'strdup' is not released on every path; release it with 'free' on every path [leak-unclosed-resource]
  if (!h)
    return -1;
  if (c)
    return -2;
  free(h);
  return 0;
}
int ok_strdup(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  char *h = strdup("x");
  if (!h)
    return -1;
  if (c) {
    free(h);
    return -2;
  }
  free(h);
  return 0;
}

int leak_curl_multi_init(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  CURLM *h = curl_multi_init();
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'h' from 'curl_multi_init' is not released on every path; release it with 'curl_multi_cleanup' on every path [leak-unclosed-resource]
  if (!h)
    return -1;
  if (c)
    return -2;
  curl_multi_cleanup(h);
  return 0;
}
int ok_curl_multi_init(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  CURLM *h = curl_multi_init();
  if (!h)
    return -1;
  if (c) {
    curl_multi_cleanup(h);
    return -2;
  }
  curl_multi_cleanup(h);
  return 0;
}

int leak_curl_url(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  CURLU *h = curl_url();
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'h' from 'curl_url' is not released on every path; release it with 'curl_url_cleanup' on every path [leak-unclosed-resource]
  if (!h)
    return -1;
  if (c)
    return -2;
  curl_url_cleanup(h);
  return 0;
}
int ok_curl_url(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  CURLU *h = curl_url();
  if (!h)
    return -1;
  if (c) {
    curl_url_cleanup(h);
    return -2;
  }
  curl_url_cleanup(h);
  return 0;
}

int leak_curl_easy_escape(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  char *h = curl_easy_escape(NULL, "a b", 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'h' from 'curl_easy_escape' is not released on every path; release it with 'curl_free' on every path [leak-unclosed-resource]
  if (!h)
    return -1;
  if (c)
    return -2;
  curl_free(h);
  return 0;
}
int ok_curl_easy_escape(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  char *h = curl_easy_escape(NULL, "a b", 0);
  if (!h)
    return -1;
  if (c) {
    curl_free(h);
    return -2;
  }
  curl_free(h);
  return 0;
}

int leak_PQescapeLiteral(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  char *h = PQescapeLiteral(conn, "x", 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'h' from 'PQescapeLiteral' is not released on every path; release it with 'PQfreemem' on every path [leak-unclosed-resource]
  if (!h)
    return -1;
  if (c)
    return -2;
  PQfreemem(h);
  return 0;
}
int ok_PQescapeLiteral(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  char *h = PQescapeLiteral(conn, "x", 1);
  if (!h)
    return -1;
  if (c) {
    PQfreemem(h);
    return -2;
  }
  PQfreemem(h);
  return 0;
}

int leak_PQgetResult(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  PGresult *h = PQgetResult(conn);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'h' from 'PQgetResult' is not released on every path; release it with 'PQclear' on every path [leak-unclosed-resource]
  if (!h)
    return -1;
  if (c)
    return -2;
  PQclear(h);
  return 0;
}
int ok_PQgetResult(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  PGresult *h = PQgetResult(conn);
  if (!h)
    return -1;
  if (c) {
    PQclear(h);
    return -2;
  }
  PQclear(h);
  return 0;
}

int leak_sqlite3_mprintf(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  char *h = sqlite3_mprintf("%d", c);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'h' from 'sqlite3_mprintf' is not released on every path; release it with 'sqlite3_free' on every path [leak-unclosed-resource]
  if (!h)
    return -1;
  if (c)
    return -2;
  sqlite3_free(h);
  return 0;
}
int ok_sqlite3_mprintf(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  char *h = sqlite3_mprintf("%d", c);
  if (!h)
    return -1;
  if (c) {
    sqlite3_free(h);
    return -2;
  }
  sqlite3_free(h);
  return 0;
}

int leak_mysql_use_result(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  MYSQL_RES *h = mysql_use_result(db);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'h' from 'mysql_use_result' is not released on every path; release it with 'mysql_free_result' on every path [leak-unclosed-resource]
  if (!h)
    return -1;
  if (c)
    return -2;
  mysql_free_result(h);
  return 0;
}
int ok_mysql_use_result(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  MYSQL_RES *h = mysql_use_result(db);
  if (!h)
    return -1;
  if (c) {
    mysql_free_result(h);
    return -2;
  }
  mysql_free_result(h);
  return 0;
}

int leak_SSL_CTX_new(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  SSL_CTX *h = SSL_CTX_new(TLS_method());
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'h' from 'SSL_CTX_new' is not released on every path; release it with 'SSL_CTX_free' on every path [leak-unclosed-resource]
  if (!h)
    return -1;
  if (c)
    return -2;
  SSL_CTX_free(h);
  return 0;
}
int ok_SSL_CTX_new(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  SSL_CTX *h = SSL_CTX_new(TLS_method());
  if (!h)
    return -1;
  if (c) {
    SSL_CTX_free(h);
    return -2;
  }
  SSL_CTX_free(h);
  return 0;
}

int leak_EVP_CIPHER_CTX_new(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  EVP_CIPHER_CTX *h = EVP_CIPHER_CTX_new();
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'h' from 'EVP_CIPHER_CTX_new' is not released on every path; release it with 'EVP_CIPHER_CTX_free' on every path [leak-unclosed-resource]
  if (!h)
    return -1;
  if (c)
    return -2;
  EVP_CIPHER_CTX_free(h);
  return 0;
}
int ok_EVP_CIPHER_CTX_new(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  EVP_CIPHER_CTX *h = EVP_CIPHER_CTX_new();
  if (!h)
    return -1;
  if (c) {
    EVP_CIPHER_CTX_free(h);
    return -2;
  }
  EVP_CIPHER_CTX_free(h);
  return 0;
}

int leak_EVP_PKEY_CTX_new_id(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  EVP_PKEY_CTX *h = EVP_PKEY_CTX_new_id(EVP_PKEY_RSA, NULL);
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'h' from 'EVP_PKEY_CTX_new_id' is not released on every path; release it with 'EVP_PKEY_CTX_free' on every path [leak-unclosed-resource]
  if (!h)
    return -1;
  if (c)
    return -2;
  EVP_PKEY_CTX_free(h);
  return 0;
}
int ok_EVP_PKEY_CTX_new_id(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  EVP_PKEY_CTX *h = EVP_PKEY_CTX_new_id(EVP_PKEY_RSA, NULL);
  if (!h)
    return -1;
  if (c) {
    EVP_PKEY_CTX_free(h);
    return -2;
  }
  EVP_PKEY_CTX_free(h);
  return 0;
}

int leak_X509_new(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  X509 *h = X509_new();
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'h' from 'X509_new' is not released on every path; release it with 'X509_free' on every path [leak-unclosed-resource]
  if (!h)
    return -1;
  if (c)
    return -2;
  X509_free(h);
  return 0;
}
int ok_X509_new(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  X509 *h = X509_new();
  if (!h)
    return -1;
  if (c) {
    X509_free(h);
    return -2;
  }
  X509_free(h);
  return 0;
}

int leak_BIO_new(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  BIO *h = BIO_new(BIO_s_mem());
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'h' from 'BIO_new' is not released on every path; release it with 'BIO_free' on every path [leak-unclosed-resource]
  if (!h)
    return -1;
  if (c)
    return -2;
  BIO_free_all(h);
  return 0;
}
int ok_BIO_new(int fd, PGconn *conn, MYSQL *db, int c) {
  (void)fd; (void)conn; (void)db;
  BIO *h = BIO_new(BIO_s_mem());
  if (!h)
    return -1;
  if (c) {
    BIO_free_all(h);
    return -2;
  }
  BIO_free_all(h);
  return 0;
}
