#pragma once
#include <pthread.h>

struct Conn {
  pthread_mutex_t m;
  int closed;
  int requests;
};

extern pthread_mutex_t table_lock;

/* conn.c: unlocks c->m, which its caller locked. */
void unlock_conn(struct Conn *c);
/* conn.c: only reads c; c->m stays locked. */
int conn_requests(struct Conn *c);
/* conn.c: unlocks table_lock, which its caller locked. */
void table_done(void);
