// A connection pool's checkout that an exception skips giving back.
#include <string>

struct Pool {
  void checkout();
  void checkin();
};

void parse(const std::string &text);

void serve(Pool &pool, const std::string &text) {
  pool.checkout();
  parse(text);
  pool.checkin();
}
