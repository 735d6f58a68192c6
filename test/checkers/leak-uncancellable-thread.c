// pthread_create in C: endless start routines, threads never joined.
// RUN: %check_clang_tidy %s leak-uncancellable-thread %t -- -- -std=c11 -D_XOPEN_SOURCE=700

#include <assert.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

void work(void);
int poll_once(void);
static volatile sig_atomic_t shutting_down;
static atomic_bool stop_requested;

static void *serve(void *arg) {
  (void)arg;
  while (1) {
    work();
  }
  return NULL;
}

static void *finite(void *arg) {
  (void)arg;
  work();
  return NULL;
}

int start_server(void) {
  pthread_t tid;
  int rc = pthread_create(&tid, NULL, serve, NULL);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: thread started by 'pthread_create' runs an endless loop that nothing can stop; give the loop a stop flag and join the thread on shutdown [leak-uncancellable-thread]
  // CHECK-NOTES: :[[@LINE-16]]:3: note: endless loop: its condition is always true and nothing leaves it
  return rc;
}

void start_detached(void) {
  pthread_t tid;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_create(&tid, &attr, serve, NULL);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: detached thread started by 'pthread_create' runs an endless loop{{.*}}
  // CHECK-NOTES: :[[@LINE-27]]:3: note: endless loop{{.*}}
  pthread_attr_destroy(&attr);
}

void never_joined(void) {
  pthread_t tid;
  pthread_create(&tid, NULL, finite, NULL);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: thread created by 'pthread_create' is never joined or detached; its stack and exit status stay allocated after it ends; join it, or detach it if nothing waits for it [leak-uncancellable-thread]
  // CHECK-NOTES: :[[@LINE-3]]:13: note: 'tid' is not used after the thread is created
}

// The loop in a function the start routine calls.
static void accept_loop(int fd) {
  for (;;)
    work();
  (void)fd;
}

static void *listener(void *arg) {
  accept_loop(*(int *)arg);
  return NULL;
}

void start_listener(pthread_t *out, int *fd) {
  pthread_create(out, NULL, listener, fd);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: thread started by 'pthread_create' runs an endless loop{{.*}}
  // CHECK-NOTES: :[[@LINE-13]]:3: note: endless loop{{.*}}
}

// A failed assert or abort() is a crash, not a way to stop.
static void *checked_loop(void *arg) {
  for (;;) {
    assert(arg != NULL);
    if (!poll_once())
      abort();
  }
  return NULL;
}

void start_checked(pthread_t *out) {
  pthread_create(out, NULL, checked_loop, NULL);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: thread started by 'pthread_create' runs an endless loop{{.*}}
  // CHECK-NOTES: :[[@LINE-11]]:3: note: endless loop{{.*}}
}

// ---- Quiet -----------------------------------------------------------------

void joined(void) {
  pthread_t tid;
  pthread_create(&tid, NULL, finite, NULL);
  pthread_join(tid, NULL);
}

void detached_by_call(void) {
  pthread_t tid;
  if (pthread_create(&tid, NULL, finite, NULL) == 0)
    pthread_detach(tid);
}

void created_detached(void) {
  pthread_t tid;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_create(&tid, &attr, finite, NULL);
  pthread_attr_destroy(&attr);
}

static void *self_detaching(void *arg) {
  (void)arg;
  pthread_detach(pthread_self());
  work();
  return NULL;
}

void self_detached(void) {
  pthread_t tid;
  pthread_create(&tid, NULL, self_detaching, NULL);
}

static pthread_t workers[4];

void into_array(void) {
  for (int i = 0; i < 4; ++i)
    pthread_create(&workers[i], NULL, finite, NULL);
}

void attributes_from_elsewhere(const pthread_attr_t *attr) {
  pthread_t tid;
  pthread_create(&tid, attr, finite, NULL);
}

static void *volatile_stop(void *arg) {
  (void)arg;
  for (;;) {
    if (shutting_down)
      break;
    work();
  }
  return NULL;
}

static void *atomic_stop(void *arg) {
  (void)arg;
  while (1) {
    if (atomic_load(&stop_requested))
      return NULL;
    work();
  }
}

static void die(void) {
  pthread_exit(NULL);
}

static void *exits_through_helper(void *arg) {
  (void)arg;
  for (;;) {
    if (!poll_once())
      die();
  }
}

static void *flag_loop(void *arg) {
  (void)arg;
  while (!shutting_down)
    work();
  return NULL;
}

void start_quiet(pthread_t *out) {
  pthread_create(&out[0], NULL, volatile_stop, NULL);
  pthread_create(&out[1], NULL, atomic_stop, NULL);
  pthread_create(&out[2], NULL, exits_through_helper, NULL);
  pthread_create(&out[3], NULL, flag_loop, NULL);
}
