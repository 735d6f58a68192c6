// A file that cancels its threads (pthread_cancel) stops endless loops that
// way: nothing is reported.
// RUN: %check_clang_tidy %s leak-uncancellable-thread %t -- -- -std=c11 -D_XOPEN_SOURCE=700

#include <pthread.h>
#include <stddef.h>

void work(void);
static pthread_t workers[2];

static void *serve(void *arg) {
  (void)arg;
  while (1)
    work();
  return NULL;
}

void start(void) {
  for (int i = 0; i < 2; ++i)
    pthread_create(&workers[i], NULL, serve, NULL);
}

void stop(void) {
  for (int i = 0; i < 2; ++i) {
    pthread_cancel(workers[i]);
    pthread_join(workers[i], NULL);
  }
}
