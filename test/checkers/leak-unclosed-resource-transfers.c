// Calls that take ownership of a handle: the library's adopters, OpenSSL's
// set0 convention, and a deleter given with the handle. Against the real
// OpenSSL and sqlite3 headers.
// RUN: %check_clang_tidy %s leak-unclosed-resource,leak-missing-raii %t -- -- -std=c11 -D_GNU_SOURCE

#include <openssl/bio.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

// ---- handed over --------------------------------------------------------------

SSL *attach(SSL_CTX *ctx, int fd) {
  SSL *ssl = SSL_new(ctx);
  if (!ssl)
    return NULL;
  BIO *rbio = BIO_new(BIO_s_mem());
  BIO *wbio = BIO_new(BIO_s_mem());
  SSL_set_bio(ssl, rbio, wbio);
  (void)fd;
  return ssl;
}

void read_side(SSL *ssl) {
  BIO *rbio = BIO_new(BIO_s_mem());
  SSL_set0_rbio(ssl, rbio);
}

void trust(SSL_CTX *ctx) {
  X509_STORE *store = X509_STORE_new();
  SSL_CTX_set_cert_store(ctx, store);
}

int bind_owned(sqlite3_stmt *stmt, const char *name) {
  char *text = sqlite3_mprintf("user:%s", name);
  return sqlite3_bind_text(stmt, 1, text, -1, sqlite3_free);
}

int bind_malloced(sqlite3_stmt *stmt, const char *name) {
  char *copy = malloc(strlen(name) + 1);
  if (!copy)
    return SQLITE_NOMEM;
  strcpy(copy, name);
  return sqlite3_bind_text(stmt, 1, copy, -1, free);
}

// ---- still leaks ----------------------------------------------------------------

// set1 takes a reference of its own: the caller's stays to be freed.
int bind_static(sqlite3_stmt *stmt, const char *name) {
  char *text = sqlite3_mprintf("user:%s", name);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'text' from 'sqlite3_mprintf' is not released on every path; release it with 'sqlite3_free' on every path [leak-unclosed-resource]
  return sqlite3_bind_text(stmt, 1, text, -1, SQLITE_TRANSIENT);
}

int conf(void) {
  SSL_CONF_CTX *cctx = SSL_CONF_CTX_new();
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: 'cctx' from 'SSL_CONF_CTX_new' is not released on every path; release it with 'SSL_CONF_CTX_free' on every path [leak-unclosed-resource]
  if (!cctx)
    return -1;
  SSL_CONF_CTX_set_flags(cctx, SSL_CONF_FLAG_FILE);
  return 0;
}

// A BIO chain: BIO_push returns its first argument, the head of the chain,
// and the pushed BIO belongs to the chain; BIO_free_all frees it all.
int base64_encode(const unsigned char *in, int n) {
  BIO *b64 = BIO_new(BIO_f_base64());
  BIO *bmem = BIO_new(BIO_s_mem());
  if (!b64 || !bmem) {
    BIO_free(b64);
    BIO_free(bmem);
    return -1;
  }
  b64 = BIO_push(b64, bmem);
  int written = BIO_write(b64, in, n);
  BIO_free_all(b64);
  return written;
}
