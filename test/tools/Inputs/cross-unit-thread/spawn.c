#include "tids.h"

static void *body(void *arg) { return arg; }

void spawn_reaped(void) {
  pthread_t tid;
  pthread_create(&tid, 0, body, 0);
  reap(tid);
}

void spawn_released(void) {
  pthread_t tid;
  pthread_create(&tid, 0, body, 0);
  release_tid(tid);
}

void spawn_named(void) {
  pthread_t tid;
  pthread_create(&tid, 0, body, 0);
  name_tid(tid);
}
