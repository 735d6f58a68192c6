// C has no RAII: the check still finds the path, and says so without a fix.
// RUN: %check_clang_tidy %s leak-manual-lock %t -- -- -std=c11 -D_XOPEN_SOURCE=700
// StrictMode has no style finding for C: there is no guard to suggest.
// RUN: %check_clang_tidy -check-suffix=STRICT %s leak-manual-lock %t -- \
// RUN:   -config="{CheckOptions: {leak-manual-lock.StrictMode: true}}" -- -std=c11 -D_XOPEN_SOURCE=700

#include <pthread.h>

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_rwlock_t config_lock = PTHREAD_RWLOCK_INITIALIZER;
static int entries;

int add_entry(int value) {
  pthread_mutex_lock(&table_lock);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: mutex 'table_lock' locked by 'pthread_mutex_lock' is not unlocked on every path; unlock it before the exits shown in the notes [leak-manual-lock]
  // CHECK-NOTES-STRICT: :[[@LINE-2]]:3: warning: mutex 'table_lock' locked by 'pthread_mutex_lock' is not unlocked on every path; unlock it before the exits shown in the notes [leak-manual-lock]
  if (value < 0)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'table_lock' is still locked when returning here
  // CHECK-NOTES-STRICT: :[[@LINE-2]]:5: note: 'table_lock' is still locked when returning here
  entries += value;
  pthread_mutex_unlock(&table_lock);
  return 0;
}

int read_config(pthread_rwlock_t *lock, int key) {
  pthread_rwlock_rdlock(lock);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: mutex '*lock' locked by 'pthread_rwlock_rdlock' is not unlocked on every path; unlock it before the exits shown in the notes [leak-manual-lock]
  // CHECK-NOTES-STRICT: :[[@LINE-2]]:3: warning: mutex '*lock' locked by 'pthread_rwlock_rdlock' is not unlocked on every path; unlock it before the exits shown in the notes [leak-manual-lock]
  if (key == 0)
    goto out;
  key += entries;
  pthread_rwlock_unlock(lock);
out:
  return key;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: '*lock' is still locked when returning here
  // CHECK-NOTES-STRICT: :[[@LINE-2]]:3: note: '*lock' is still locked when returning here
}

/* Released on every path: C has no exceptions, nothing to say. */
int count_entries(void) {
  pthread_rwlock_wrlock(&config_lock);
  int n = entries;
  pthread_rwlock_unlock(&config_lock);
  return n;
}

/* Elements of a lock array, picked by the same variable. */
static pthread_mutex_t shard_locks[16];
static int shard_sizes[16];
int grow_shard(int shard, int by) {
  pthread_mutex_lock(&shard_locks[shard]);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: mutex 'shard_locks[shard]' locked by 'pthread_mutex_lock' is not unlocked on every path; unlock it before the exits shown in the notes [leak-manual-lock]
  // CHECK-NOTES-STRICT: :[[@LINE-2]]:3: warning: mutex 'shard_locks[shard]'{{.*}}
  if (by <= 0)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'shard_locks[shard]' is still locked when returning here
  // CHECK-NOTES-STRICT: :[[@LINE-2]]:5: note: 'shard_locks[shard]' is still locked{{.*}}
  shard_sizes[shard] += by;
  pthread_mutex_unlock(&shard_locks[shard]);
  return 0;
}

/* A pause/resume protocol: one call locks, a later call unlocks. No path
   from the lock reaches the unlock in this function. */
enum pause_kind { PAUSE, RESUME };
static pthread_mutex_t hang_lock = PTHREAD_MUTEX_INITIALIZER;
void pause_workers(enum pause_kind kind) {
  switch (kind) {
  case PAUSE:
    pthread_mutex_lock(&hang_lock);
    break;
  case RESUME:
    pthread_mutex_unlock(&hang_lock);
    break;
  }
}

/* Hands the locked page to the caller with the results written through a
   pointer parameter: the caller unlocks it later. */
struct page { pthread_mutex_t mutex; int free; char *pos; };
struct request { char *buf; int len; };
int reserve(struct page *p, struct request *io) {
  pthread_mutex_lock(&p->mutex);
  if (p->free >= io->len) {
    io->buf = p->pos;
    return 0; /* leaves p locked */
  }
  pthread_mutex_unlock(&p->mutex);
  return -1;
}

/* The same condition, spelled with a macro, guards the lock and the unlock. */
#include <stddef.h>
struct loop { pthread_rwlock_t cloexec_lock; };
struct fs_req { struct loop *loop; void (*cb)(void); };
int make_temp(struct fs_req *req) {
  if (req->cb != NULL)
    pthread_rwlock_rdlock(&req->loop->cloexec_lock);
  int r = entries;
  if (req->cb != NULL)
    pthread_rwlock_unlock(&req->loop->cloexec_lock);
  return r;
}

/* An if around the whole pair does not hide a leak inside it. */
int nested_pair(int x) {
  if (x > 0) {
    pthread_mutex_lock(&table_lock);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: mutex 'table_lock' locked by 'pthread_mutex_lock' is not unlocked on every path; unlock it before the exits shown in the notes [leak-manual-lock]
    // CHECK-NOTES-STRICT: :[[@LINE-2]]:5: warning: mutex 'table_lock'{{.*}}
    if (entries > 100)
      return -1;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 'table_lock' is still locked when returning here
    // CHECK-NOTES-STRICT: :[[@LINE-2]]:7: note: 'table_lock' is still locked{{.*}}
    entries += x;
    pthread_mutex_unlock(&table_lock);
  }
  return 0;
}

/* Acquire-or-fail: unlocks only to bail out, with more work before the
   return; the caller unlocks on success. */
static int profiling_enabled;
static int thread_enabled;
int lock_root(void) {
  pthread_mutex_lock(&table_lock);
  if (!profiling_enabled) {
    pthread_mutex_unlock(&table_lock);
    thread_enabled = 0;
    return 0;
  }
  return 1;
}

/* The owner of the mutex goes to a function of this file that unlocks and
   destroys it. */
struct group { pthread_mutex_t mutex; int refs; };
static void group_destroy(struct group *g) {
  pthread_mutex_unlock(&g->mutex);
  pthread_mutex_destroy(&g->mutex);
}
void group_release(struct group *g) {
  pthread_mutex_lock(&g->mutex);
  if (--g->refs == 0) {
    group_destroy(g);
    return;
  }
  pthread_mutex_unlock(&g->mutex);
}

/* Called with the lock held: it pauses by unlocking and locking again. The
   relock is not an acquisition of its own. */
static pthread_mutex_t crawler_lock = PTHREAD_MUTEX_INITIALIZER;
void crawl_step(int sleep_now) {
  if (sleep_now) {
    pthread_mutex_unlock(&crawler_lock);
    entries++;
    pthread_mutex_lock(&crawler_lock);
  }
}

/* A function of this file that unlocks a global it did not lock releases
   the caller's lock. */
static pthread_mutex_t class_locks[8];
static void class_done(int id) {
  entries--;
  pthread_mutex_unlock(&class_locks[id]);
}
void crawl_classes(int n) {
  for (int i = 0; i < n; i++) {
    pthread_mutex_lock(&class_locks[i]);
    if (entries == 0) {
      class_done(i);
      continue;
    }
    entries++;
    pthread_mutex_unlock(&class_locks[i]);
  }
}

/* Complementary conditions: exactly one of the two unlocks runs. */
static int needs_lock;
void eval_item(void) {
  pthread_mutex_lock(&table_lock);
  if (!needs_lock)
    pthread_mutex_unlock(&table_lock);
  entries++;
  if (needs_lock)
    pthread_mutex_unlock(&table_lock);
}

/* The same, but the second condition differs: a real leak. (The flags are
   set at run time; a static flag the file never writes would keep its
   initial value in every condition.) */
static int other_flag;
void set_flags(int a, int b) {
  needs_lock = a;
  other_flag = b;
}
void eval_item_wrong(void) {
  pthread_mutex_lock(&table_lock);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: mutex 'table_lock' locked by 'pthread_mutex_lock' is not unlocked on every path; unlock it before the exits shown in the notes [leak-manual-lock]
  // CHECK-NOTES-STRICT: :[[@LINE-2]]:3: warning: mutex 'table_lock'{{.*}}
  if (!needs_lock)
    pthread_mutex_unlock(&table_lock);
  entries++;
  if (other_flag)
    pthread_mutex_unlock(&table_lock);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: 'table_lock' is still locked at the end of the function
// CHECK-NOTES-STRICT: :[[@LINE-2]]:1: note: 'table_lock' is still locked{{.*}}

/* A flag decided before an unconditional lock does not record the lock: the
   unlock under it is one path among others. */
#include <stdbool.h>
bool pop_if_ready(int *queue_len) {
  bool empty = *queue_len == 0;
  pthread_mutex_lock(&table_lock);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: mutex 'table_lock' locked by 'pthread_mutex_lock' is not unlocked on every path; unlock it before the exits shown in the notes [leak-manual-lock]
  // CHECK-NOTES-STRICT: :[[@LINE-2]]:3: warning: mutex 'table_lock'{{.*}}
  if (empty) {
    entries++;
    return true;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: 'table_lock' is still locked when returning here
    // CHECK-NOTES-STRICT: :[[@LINE-2]]:5: note: 'table_lock' is still locked{{.*}}
  }
  if (!empty)
    pthread_mutex_unlock(&table_lock);
  return false;
}

/* Flags that record the lock: set right after it, or from a trylock. */
void flag_after_lock(int need) {
  bool locked = false;
  if (need) {
    pthread_mutex_lock(&table_lock);
    locked = true;
  }
  entries++;
  if (locked)
    pthread_mutex_unlock(&table_lock);
}
void flag_from_trylock(int wait) {
  bool locked = false;
  if (wait) {
    pthread_mutex_lock(&table_lock);
    locked = true;
  } else {
    locked = pthread_mutex_trylock(&table_lock) == 0;
  }
  entries++;
  if (locked)
    pthread_mutex_unlock(&table_lock);
}

/* A lock function whose result is tested: on the branch where it failed,
   nothing is held. LIKELY/UNLIKELY wrap the tests in __builtin_expect. */
#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)
void log_error(const char *what);
void drain_jobs(int n) {
  for (int i = 0; i < n; i++) {
    if (UNLIKELY(pthread_mutex_lock(&table_lock))) {
      log_error("lock");
      continue;
    }
    entries++;
    pthread_mutex_unlock(&table_lock);
  }
}
int checked_lock(void) {
  if (pthread_mutex_lock(&table_lock) != 0)
    return -1;
  entries++;
  pthread_mutex_unlock(&table_lock);
  return 0;
}
void likely_locked(void) {
  if (LIKELY(!pthread_mutex_lock(&table_lock))) {
    entries++;
    pthread_mutex_unlock(&table_lock);
  }
}
/* ... but a held lock still leaks on an early return. */
int expected_then_leaks(int bad) {
  pthread_mutex_lock(&table_lock);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: mutex 'table_lock' locked by 'pthread_mutex_lock' is not unlocked on every path; unlock it before the exits shown in the notes [leak-manual-lock]
  // CHECK-NOTES-STRICT: :[[@LINE-2]]:3: warning: mutex 'table_lock'{{.*}}
  if (UNLIKELY(bad))
    return -2;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'table_lock' is still locked when returning here
  // CHECK-NOTES-STRICT: :[[@LINE-2]]:5: note: 'table_lock' is still locked{{.*}}
  entries++;
  pthread_mutex_unlock(&table_lock);
  return 0;
}
