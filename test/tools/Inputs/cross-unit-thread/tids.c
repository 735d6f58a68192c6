#define _GNU_SOURCE
#include "tids.h"

void reap(pthread_t tid) { pthread_join(tid, 0); }

void release_tid(pthread_t tid) { pthread_detach(tid); }

void name_tid(pthread_t tid) { pthread_setname_np(tid, "worker"); }
