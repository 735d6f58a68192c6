#include <map>
#include <string>

static std::map<std::string, std::string> Sessions;

void remember(const std::string &Token, const std::string &User) {
  Sessions[Token] = User;
}
