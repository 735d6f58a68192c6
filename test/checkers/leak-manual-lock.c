// C has no RAII: the check still finds the path, and says so without a fix.
// RUN: %check_clang_tidy %s leak-manual-lock %t -- -- -std=c11 -D_XOPEN_SOURCE=700

#include <pthread.h>

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_rwlock_t config_lock = PTHREAD_RWLOCK_INITIALIZER;
static int entries;

int add_entry(int value) {
  pthread_mutex_lock(&table_lock);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: mutex 'table_lock' locked by 'pthread_mutex_lock' is not unlocked on every path; unlock it on every path [leak-manual-lock]
  if (value < 0)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'table_lock' is still locked when returning here
  entries += value;
  pthread_mutex_unlock(&table_lock);
  return 0;
}

int read_config(pthread_rwlock_t *lock, int key) {
  pthread_rwlock_rdlock(lock);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: mutex '*lock' locked by 'pthread_rwlock_rdlock' is not unlocked on every path; unlock it on every path [leak-manual-lock]
  if (key == 0)
    goto out;
  key += entries;
  pthread_rwlock_unlock(lock);
out:
  return key;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: '*lock' is still locked when returning here
}

/* Released on every path: C has no exceptions, nothing to say. */
int count_entries(void) {
  pthread_rwlock_wrlock(&config_lock);
  int n = entries;
  pthread_rwlock_unlock(&config_lock);
  return n;
}
