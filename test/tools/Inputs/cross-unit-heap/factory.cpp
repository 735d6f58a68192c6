#include "api.h"
#include <cstdlib>
#include <cstring>

Session *make_session() { return new Session; }
Session *make_session_twice_wrapped() {
  Session *s = make_session();
  return s;
}
void destroy_session(Session *s) { delete s; }

char *make_buffer(unsigned n) {
  char *b = static_cast<char *>(std::malloc(n));
  if (!b)
    return nullptr;
  return b;
}
void fill(char *b) { std::strcpy(b, "x"); }

static char *Kept[8];
static int Count;
void keep_buffer(char *b) { Kept[Count++ % 8] = b; }
