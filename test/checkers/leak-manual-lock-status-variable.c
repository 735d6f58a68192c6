// A lock function's status kept in a variable: the test of the variable, or
// of the assignment itself, is the lock's failure test, as the test of the
// call is. A status variable written again before its test is not read as
// the lock's status. The same holds for an acquisition's status.
// RUN: %check_clang_tidy %s leak-manual-lock,leak-unclosed-resource %t -- -- -std=c11

#include <pthread.h>
#include <stddef.h>

typedef struct sqlite3 sqlite3;
int sqlite3_open(const char *filename, sqlite3 **db);
int sqlite3_close(sqlite3 *db);
int sqlite3_exec(sqlite3 *db, const char *sql, void *cb, void *arg,
                 char **err);

struct pool {
  pthread_mutex_t mutex;
  int free_slots;
};

int step(void);

// The assignment inside the condition: `if ((error = lock(&m)))`.
int take_slot(struct pool *p) {
  int error;
  if ((error = pthread_mutex_lock(&p->mutex)))
    return error;
  p->free_slots--;
  if ((error = pthread_mutex_unlock(&p->mutex)))
    return error;
  return 0;
}

// Compared with zero.
int give_slot(struct pool *p) {
  int error;
  if ((error = pthread_mutex_lock(&p->mutex)) != 0)
    return error;
  p->free_slots++;
  pthread_mutex_unlock(&p->mutex);
  return 0;
}

// The status in a variable, tested on the next line.
int count_slots(struct pool *p) {
  int rc = pthread_mutex_lock(&p->mutex);
  if (rc != 0)
    return -1;
  int n = p->free_slots;
  pthread_mutex_unlock(&p->mutex);
  return n;
}

// Assigned, then tested.
int reset_slots(struct pool *p) {
  int rc;
  rc = pthread_mutex_lock(&p->mutex);
  if (rc)
    return rc;
  p->free_slots = 0;
  pthread_mutex_unlock(&p->mutex);
  return 0;
}

// The variable is written again before its test: the test is not the
// lock's, and the return leaves the mutex locked.
int refill_slots(struct pool *p) {
  int rc = pthread_mutex_lock(&p->mutex);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: mutex 'p->mutex' locked by 'pthread_mutex_lock' is not unlocked on every path; unlock it before the exits shown in the notes [leak-manual-lock]
  rc = step();
  if (rc)
    return rc;
  p->free_slots = 8;
  pthread_mutex_unlock(&p->mutex);
  return 0;
}

// A successful lock, then an early return: still reported.
int drain_slots(struct pool *p) {
  int error;
  if ((error = pthread_mutex_lock(&p->mutex)))
    return error;
  // CHECK-MESSAGES: :[[@LINE-2]]:16: warning: mutex 'p->mutex' locked by 'pthread_mutex_lock' is not unlocked on every path; unlock it before the exits shown in the notes [leak-manual-lock]
  if (p->free_slots == 0)
    return -1;
  p->free_slots = 0;
  pthread_mutex_unlock(&p->mutex);
  return 0;
}

// An acquisition through an out-parameter, its status assigned in the
// condition: sqlite3_open fails when it returns non-zero, and the handle
// must still be closed then, so the failure branch keeps it.
int open_db(const char *path) {
  sqlite3 *db = NULL;
  int rc;
  if ((rc = sqlite3_open(path, &db)) != 0) {
    sqlite3_close(db);
    return rc;
  }
  rc = sqlite3_exec(db, "select 1", NULL, NULL, NULL);
  sqlite3_close(db);
  return rc;
}
