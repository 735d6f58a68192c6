#include "sessions.h"

extern std::unordered_map<std::string, int> tokens;

void logout(const std::string &id) {
  sessions.erase(id);
  std::unordered_map<int, std::string>().swap(Registry::names);
  Tracker::instance().hits.clear();
  tokens.erase(id);
}
