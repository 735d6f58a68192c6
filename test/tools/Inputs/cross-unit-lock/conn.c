#include "conn.h"

pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;

void unlock_conn(struct Conn *c) {
  if (c->closed)
    c->requests = 0;
  pthread_mutex_unlock(&c->m);
}

int conn_requests(struct Conn *c) { return c->closed ? 0 : c->requests; }

void table_done(void) { pthread_mutex_unlock(&table_lock); }
