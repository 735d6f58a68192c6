#include "session.h"

bool serve(Session &s) {
  s.m.lock();
  if (s.done) {
    s.hits = 0;
    s.m.unlock();
  } else {
    release_session(s);
  }
  return true;
}

int count(Session &s) {
  int n = 0;
  s.m.lock();
  if (s.done) {
    s.hits = 0;
    s.m.unlock();
  } else {
    n = session_hits(s);
  }
  return n;
}
