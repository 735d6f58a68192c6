// The C lock APIs of the default model, against Debian's real headers:
// libuv, GLib, C11 threads and stdio's flockfile.
// REQUIRES: glib
// RUN: %check_clang_tidy %s leak-manual-lock %t -- -- -std=c11 -D_GNU_SOURCE %glib_cflags

#include <glib.h>
#include <stdio.h>
#include <threads.h>
#include <uv.h>

static uv_mutex_t queue_lock;
static uv_rwlock_t table_lock;
static GMutex cache_lock;
static GRecMutex tree_lock;
static GRWLock config_lock;
static mtx_t stats_lock;
static int items;

int uv_push(int item) {
  uv_mutex_lock(&queue_lock);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'queue_lock' locked by 'uv_mutex_lock' is not unlocked on every path; unlock it before the exits shown in the notes [leak-manual-lock]
  if (item < 0)
    return -1;
  items += item;
  uv_mutex_unlock(&queue_lock);
  return 0;
}

int uv_lookup(int key) {
  uv_rwlock_rdlock(&table_lock);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'table_lock' locked by 'uv_rwlock_rdlock' is not unlocked on every path; unlock it before the exits shown in the notes [leak-manual-lock]
  if (key == 0)
    return 0;
  int found = key + items;
  uv_rwlock_rdunlock(&table_lock);
  return found;
}

int g_cache_put(int value) {
  g_mutex_lock(&cache_lock);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'cache_lock' locked by 'g_mutex_lock' is not unlocked on every path; unlock it before the exits shown in the notes [leak-manual-lock]
  if (value > 100) {
    g_debug("too large: %d", value);
    return -1;
  }
  items = value;
  g_mutex_unlock(&cache_lock);
  return 0;
}

int g_config_read(int key) {
  g_rw_lock_reader_lock(&config_lock);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'config_lock' locked by 'g_rw_lock_reader_lock' is not unlocked on every path; unlock it before the exits shown in the notes [leak-manual-lock]
  if (key < 0)
    return -1;
  g_rw_lock_reader_unlock(&config_lock);
  return key;
}

int c11_count(int n) {
  mtx_lock(&stats_lock);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'stats_lock' locked by 'mtx_lock' is not unlocked on every path; unlock it before the exits shown in the notes [leak-manual-lock]
  if (n == 0)
    return 0;
  items += n;
  mtx_unlock(&stats_lock);
  return items;
}

int write_record(FILE *out, const char *a, const char *b) {
  flockfile(out);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex '*out' locked by 'flockfile' is not unlocked on every path; unlock it before the exits shown in the notes [leak-manual-lock]
  if (fputs(a, out) < 0)
    return -1;
  fputs(b, out);
  funlockfile(out);
  return 0;
}

// ---- released on every path -------------------------------------------------

int uv_push_ok(int item) {
  uv_mutex_lock(&queue_lock);
  if (item < 0) {
    uv_mutex_unlock(&queue_lock);
    return -1;
  }
  items += item;
  uv_mutex_unlock(&queue_lock);
  return 0;
}

void g_tree_walk(int depth) {
  g_rec_mutex_lock(&tree_lock);
  if (depth > 0)
    g_tree_walk(depth - 1);
  g_rec_mutex_unlock(&tree_lock);
}

void g_config_write(int key) {
  g_rw_lock_writer_lock(&config_lock);
  items = key;
  g_rw_lock_writer_unlock(&config_lock);
}
