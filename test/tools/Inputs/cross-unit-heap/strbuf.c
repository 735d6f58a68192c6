#include "api.h"
#include <stdlib.h>

char *sb_new(unsigned n) {
  char *p = malloc(n);
  if (!p)
    return NULL;
  p[0] = 0;
  return p;
}
void sb_free(char *p) { free(p); }
