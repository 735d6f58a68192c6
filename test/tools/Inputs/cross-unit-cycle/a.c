#include <stdio.h>
FILE *open_b(void);

FILE *open_a(void) { return fopen("a", "r"); }

int leaks_b(void) {
  FILE *f = open_b();
  if (!f)
    return 1;
  fputs("x", f);
  return 0;
}
