#include "sessions.h"

std::unordered_map<std::string, Session> sessions;
std::vector<std::string> audit_log;
std::unordered_map<int, std::string> Registry::names;
// In no header: b.cpp declares it itself.
std::unordered_map<std::string, int> tokens;

Tracker &Tracker::instance() {
  static Tracker t;
  return t;
}

void handle(const std::string &id, const std::string &user, int n) {
  sessions[id] = Session{user};
  audit_log.push_back(user);
  Registry::names[n] = user;
  Tracker::instance().hits[user] += 1;
  Tracker::instance().history.push_back(id);
  tokens[id] = n;
}
