#pragma once
#include <mutex>

struct Session {
  std::mutex m;
  int hits = 0;
  bool done = false;
};

// session.cpp: unlocks s.m, which its caller locked.
void release_session(Session &s);
// session.cpp: only reads s.
int session_hits(const Session &s);
