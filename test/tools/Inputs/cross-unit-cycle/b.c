#include <stdio.h>
FILE *open_a(void);

FILE *open_b(void) { return fopen("b", "r"); }

int leaks_a(void) {
  FILE *f = open_a();
  if (!f)
    return 1;
  fputs("x", f);
  return 0;
}
