#include "conn.h"

int handle(struct Conn *c) {
  pthread_mutex_lock(&c->m);
  if (c->closed) {
    c->requests = 0;
    pthread_mutex_unlock(&c->m);
  } else {
    c->requests++;
    unlock_conn(c);
  }
  return 0;
}

int peek(struct Conn *c) {
  int n = 0;
  pthread_mutex_lock(&c->m);
  if (c->closed) {
    c->requests = 0;
    pthread_mutex_unlock(&c->m);
  } else {
    n = conn_requests(c);
  }
  return n;
}

int lookup(int key) {
  pthread_mutex_lock(&table_lock);
  if (key < 0) {
    key = 0;
    pthread_mutex_unlock(&table_lock);
  } else {
    table_done();
  }
  return key;
}
