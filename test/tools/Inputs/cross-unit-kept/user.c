#include "list.h"
#include <stdlib.h>

static struct list pending;

void tested(void) {
  int *v = malloc(sizeof *v);
  if (v && !list_append(&pending, v))
    free(v);
}

void ignored(void) {
  int *v = malloc(sizeof *v);
  if (v)
    list_append(&pending, v);
}

int pushed(void) {
  char *item = malloc(8);
  int rc;
  if (!item)
    return -1;
  rc = queue_push(&pending, item);
  if (rc < 0)
    free(item);
  return rc;
}

int push_failure_lost(void) {
  char *item = malloc(8);
  if (!item)
    return -1;
  return queue_push(&pending, item);
}
