#include "session.h"

void release_session(Session &s) {
  ++s.hits;
  s.m.unlock();
}

int session_hits(const Session &s) { return s.done ? 0 : s.hits; }
