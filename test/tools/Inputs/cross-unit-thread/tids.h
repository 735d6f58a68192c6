#pragma once
#include <pthread.h>

/* tids.c: joins tid. */
void reap(pthread_t tid);
/* tids.c: detaches tid. */
void release_tid(pthread_t tid);
/* tids.c: only names it. */
void name_tid(pthread_t tid);
