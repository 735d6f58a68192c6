#include "api.h"

int leak_string(void) {
  char *s = sb_new(8);
  if (!s)
    return 1;
  s[0] = 'x';
  return 0;
}
int freed_string(void) {
  char *s = sb_new(8);
  if (!s)
    return 1;
  sb_free(s);
  return 0;
}
