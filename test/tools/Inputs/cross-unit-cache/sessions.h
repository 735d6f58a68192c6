#pragma once
#include <string>
#include <unordered_map>
#include <vector>

struct Session {
  std::string user;
};

// Grown per request in a.cpp, erased in b.cpp.
extern std::unordered_map<std::string, Session> sessions;
// Grown in a.cpp, trimmed nowhere.
extern std::vector<std::string> audit_log;

struct Registry {
  // Grown in a.cpp, swapped with an empty map in b.cpp.
  static std::unordered_map<int, std::string> names;
};

class Tracker {
public:
  static Tracker &instance();
  // Grown in a.cpp, cleared in b.cpp.
  std::unordered_map<std::string, int> hits;
  // Grown in a.cpp, trimmed nowhere.
  std::vector<std::string> history;
};

void handle(const std::string &id, const std::string &user, int n);
void logout(const std::string &id);
void remember(const std::string &key);
