#include <stdlib.h>
#include <string.h>
#include "thr.h"

struct job {
  thr *thread;
  int n;
  char *name;
};

int set_error(int code);

static void run_job(void *arg) {
  struct job *j = arg;
  free(j->name);
  free(j);
}

// The job is the start argument of a thread made by thr_create (another
// unit), which frees it; every failure frees it here.
int start_job(int n, const char *name) {
  int s = 0;
  struct job *j = calloc(1, sizeof *j);
  if (j == NULL)
    s = set_error(5);
  else {
    j->name = strdup(name);
    if (j->name == NULL)
      s = set_error(5);
  }
  if (s == 0) {
    j->n = n;
    s = thr_create(&j->thread, run_job, (void *)j);
  }
  if ((s != 0) && (j != NULL)) {
    free(j->name);
    free(j);
  }
  return s;
}

// Still a leak: a negative count returns before the thread starts.
int start_job_leaky(int n) {
  struct job *j = calloc(1, sizeof *j);
  if (j == NULL)
    return 5;
  if (n == 0) {
    free(j);
    return 0;
  }
  j->n = n;
  if (n < 0)
    return 1;
  return thr_create(&j->thread, run_job, (void *)j);
}
