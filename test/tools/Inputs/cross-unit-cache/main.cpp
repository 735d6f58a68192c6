#include "sessions.h"

void serve(const std::string &id, const std::string &user, int n) {
  handle(id, user, n);
  remember(user);
  logout(id);
}
