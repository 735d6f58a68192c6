// A process-wide cache that only grows.
#include <string>
#include <unordered_map>

std::unordered_map<std::string, std::string> sessions;

void remember(const std::string &token, const std::string &user) {
  sessions[token] = user;
}
