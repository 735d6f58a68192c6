#include <pthread.h>
#include <stdlib.h>
#include "thr.h"

struct thr { pthread_t tid; };
struct start { thr_cb entry; void *arg; };

static void *start_routine(void *p) {
  struct start *c = (struct start *)p;
  c->entry(c->arg);
  free(c);
  return NULL;
}

int thr_create(thr **out, thr_cb cb, void *arg) {
  struct start *ctx = calloc(1, sizeof *ctx);
  thr *t = calloc(1, sizeof *t);
  int s = 0;
  if (ctx == NULL || t == NULL)
    s = 1;
  if (s == 0) {
    ctx->entry = cb;
    ctx->arg = arg;
    if (pthread_create(&t->tid, NULL, start_routine, ctx) != 0)
      s = 2;
  }
  if (s == 0)
    *out = t;
  else {
    free(ctx);
    free(t);
  }
  return s;
}
